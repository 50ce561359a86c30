package dev.kite.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the console's browser scenarios ({@code src/test/console/console.e2e.mjs}) with Node.js,
 * after {@code scripts/console-browser.sh} has installed what is missing (Chromium, Node.js,
 * playwright-core in {@code target/console-e2e/node_modules}). The script's output is the test's;
 * its screenshots land in {@code target/console-screenshots}.
 */
final class Browser {

    private Browser() {
    }

    /** Runs the scenarios named {@code scenarios} against Kite at {@code base} with {@code env}; fails the test unless all pass. */
    static void run(String scenarios, String base, Map<String, String> env) throws Exception {
        Path work = Path.of("target/console-e2e").toAbsolutePath();
        assertEquals(0, exec(List.of("bash", "../scripts/console-browser.sh", work.toString()), Map.of(), Duration.ofMinutes(10)),
                "scripts/console-browser.sh could not install Chromium, Node.js or playwright-core");
        Files.copy(Path.of("src/test/console/console.e2e.mjs"), work.resolve("console.e2e.mjs"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> all = new HashMap<>(env);
        all.put("SCENARIOS", scenarios);
        all.put("KITE_URL", base.replaceAll("/$", ""));
        all.put("SCREENSHOTS", Path.of("target/console-screenshots").toAbsolutePath().toString());
        int status = exec(List.of("node", work.resolve("console.e2e.mjs").toString()), all, Duration.ofMinutes(5));
        assertEquals(0, status, "the browser scenarios failed: see the output above and target/console-screenshots");
    }

    private static int exec(List<String> command, Map<String, String> env, Duration limit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        // through System.out, which the test runner captures (a child writing to the JVM's own stdout corrupts its channel)
        Thread copy = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> System.out.println("[browser] " + line));
            } catch (java.io.IOException e) {
                System.out.println("[browser] output lost: " + e);
            }
        }, "browser-output");
        copy.start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
        }
        copy.join(10_000);
        return p.exitValue();
    }
}
