package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Kite says at start about its configuration, read from the real process's console: the
 * plugins' own keys ({@code kite.http.*}, {@code kite.container.*}, set or defaulted) are known
 * and draw no "Unrecognized configuration key" warning, while a misspelt key still does not pass
 * unnoticed: a misspelt {@code quarkus.*} key is warned about, and a key under {@code kite.} that
 * no config root maps stops the start, naming the key.
 */
class StartUpConfigIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("startup");

    @Test
    void pluginKeysAreKnownAndAMisspeltQuarkusKeyIsWarnedAbout() {
        KiteProcess kite = fixture.start(KiteProcess.newNodeId("startup"), Map.of(
                "kite.http.connect-timeout", "4s",
                "kite.container.pending-timeout", "3m",
                "quarkus.http.limits.max-bodyy-size", "1M"));
        assertEquals(200, kite.get("/q/health/ready").status());
        List<String> unrecognized = kite.output().lines().filter(l -> l.contains("Unrecognized configuration key")).toList();
        assertTrue(unrecognized.stream().noneMatch(l -> l.contains("\"kite.")), "plugin keys reported as unrecognized: "
                + unrecognized);
        assertTrue(unrecognized.stream().anyMatch(l -> l.contains("\"quarkus.http.limits.max-bodyy-size\"")),
                "the misspelt key is warned about: " + unrecognized);
    }

    @Test
    void aKiteKeyNoRootMapsStopsTheStart() {
        KiteProcess kite = fixture.launch(KiteProcess.newNodeId("startup-typo"), Map.of("kite.htpp.connect-timeout", "4s"));
        assertNotEquals(0, kite.awaitExit(WAIT), "Kite started with a misspelt key");
        String output = kite.output();
        assertTrue(output.contains("SRCFG00050") && output.contains("kite.htpp.connect-timeout"), output);
    }
}
