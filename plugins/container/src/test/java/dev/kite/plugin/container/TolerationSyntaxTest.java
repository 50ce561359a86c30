package dev.kite.plugin.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import dev.kite.spi.kubernetes.Tolerations;

/** kite.container.interruptible.tolerations are written as kubectl writes taints: key[=value]:Effect. */
class TolerationSyntaxTest {

    private static Toleration toleration(String key, String operator, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build();
    }

    private static String problem(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Tolerations.parse(text)).getMessage();
    }

    @Test
    void keyValueEffectToleratesThatTaint() {
        assertEquals(toleration("cloud.google.com/gke-preemptible", "Equal", "true", "NoSchedule"),
                Tolerations.parse("cloud.google.com/gke-preemptible=true:NoSchedule"));
        assertEquals(toleration("kubernetes.azure.com/scalesetpriority", "Equal", "spot", "PreferNoSchedule"),
                Tolerations.parse(" kubernetes.azure.com/scalesetpriority=spot:PreferNoSchedule "));
        assertEquals(toleration("spot", "Equal", "", "NoExecute"), Tolerations.parse("spot=:NoExecute"));
    }

    @Test
    void keyEffectToleratesAnyValue() {
        assertEquals(toleration("eks.amazonaws.com/capacityType", "Exists", null, "NoSchedule"),
                Tolerations.parse("eks.amazonaws.com/capacityType:NoSchedule"));
    }

    @Test
    void badEntriesSayWhatIsWrong() {
        assertEquals("'spot=true' is not a toleration key[=value]:Effect: no ':Effect'", problem("spot=true"));
        assertEquals("'spot=true:NoScheduled' is not a toleration key[=value]:Effect: the effect 'NoScheduled' is not one of"
                + " NoSchedule, PreferNoSchedule, NoExecute", problem("spot=true:NoScheduled"));
        assertEquals("'=true:NoSchedule' is not a toleration key[=value]:Effect: '' is not a valid key ([prefix/]name: a name"
                + " of letters, digits, '-', '_' and '.', at most 63, with an optional DNS prefix)", problem("=true:NoSchedule"));
        assertEquals("'a b:NoSchedule' is not a toleration key[=value]:Effect: 'a b' is not a valid key ([prefix/]name: a name"
                + " of letters, digits, '-', '_' and '.', at most 63, with an optional DNS prefix)", problem("a b:NoSchedule"));
        problem("Example.com/spot:NoSchedule"); // the prefix is a lower-case DNS name
        problem("/spot:NoSchedule");
        problem("k".repeat(64) + ":NoSchedule");
        assertEquals("'spot=a/b:NoSchedule' is not a toleration key[=value]:Effect: 'a/b' is not a valid value (letters,"
                + " digits, '-', '_' and '.', at most 63)", problem("spot=a/b:NoSchedule"));
    }

    @Test
    void aListNamesEveryBadEntryByIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tolerations.parse(
                List.of("ok:NoSchedule", "bad", "also=bad:Never"), "kite.container.interruptible.tolerations"));
        assertEquals("kite.container.interruptible.tolerations[1]: 'bad' is not a toleration key[=value]:Effect: no ':Effect';"
                + " kite.container.interruptible.tolerations[2]: 'also=bad:Never' is not a toleration key[=value]:Effect:"
                + " the effect 'Never' is not one of NoSchedule, PreferNoSchedule, NoExecute", e.getMessage());
        assertEquals(2, Tolerations.parse(List.of("a:NoSchedule", "b=c:NoExecute"), "x").size());
    }
}
