package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.code;
import static dev.kite.plugin.papermill.Fixtures.inline;
import static dev.kite.plugin.papermill.Fixtures.python;
import static dev.kite.plugin.papermill.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskStatus;

/** Cancel (the engine's abort and timeout) kills the executor and the kernel, and keeps the notebook so far. */
class CancelTest {

    @TempDir
    Path tmp;

    /** Whether the process table has a live (not zombie) process with this id. */
    static boolean inProcessTable(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void cancellingANotebookStuckInSleepKillsItsKernelWithinThreeSeconds() throws Exception {
        FileStore store = new FileStore(tmp);
        Path pidFile = tmp.resolve("kernel.pid");
        TaskTemplate task = task(null, null, inline(python(
                code("import os, time\nopen(" + Fixtures.MAPPER.writeValueAsString(pidFile.toString())
                        + ", 'w').write(str(os.getpid()))"),
                code("time.sleep(600)"))));
        Fixtures.Context ctx = Fixtures.Context.of(task, "{}", store);
        NotebookPlugin plugin = Fixtures.plugin(tmp.resolve("work"));
        NotebookHandle h = plugin.submit(ctx).await().atMost(Duration.ofMinutes(1));

        String message = waitForSleep(plugin, ctx, h);
        assertTrue(message.startsWith("running cell 2 of 2 (code cell 2 of 2) for "), message);
        long kernel = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(inProcessTable(kernel), "the kernel runs while the notebook sleeps");
        assertTrue(ProcessHandle.of(h.pid()).isPresent());

        Instant cancelled = Instant.now();
        plugin.cancel(ctx, h).await().atMost(Duration.ofSeconds(30));
        while (inProcessTable(kernel) && Duration.between(cancelled, Instant.now()).toMillis() < 3_000) {
            Thread.sleep(50);
        }
        assertFalse(inProcessTable(kernel), "the kernel " + kernel + " is gone within 3 s of the cancel");
        assertFalse(inProcessTable(h.pid()), "the executor is gone");
        JsonNode partial = Fixtures.MAPPER.readTree(Files.readString(Path.of(URI.create(ctx.rawOutputPrefix() + "executed.ipynb"))));
        assertEquals("completed", partial.at("/cells/0/metadata/papermill/status").asText(), "the notebook so far is kept");
        assertFalse(Files.exists(plugin.workDir(ctx).root()));
        plugin.cancel(ctx, h).await().atMost(Duration.ofSeconds(30)); // a second cancel is harmless
    }

    private static String waitForSleep(NotebookPlugin plugin, Fixtures.Context ctx, NotebookHandle h) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            TaskStatus s = plugin.poll(ctx, h).await().atMost(Duration.ofSeconds(30));
            assertEquals(TaskStatus.Phase.RUNNING, s.phase(), () -> String.valueOf(s.error()));
            if (Optional.ofNullable(s.message()).orElse("").startsWith("running cell 2")) {
                return s.message();
            }
            Thread.sleep(100);
        }
        fail("the notebook never reached its sleeping cell");
        return null;
    }
}
