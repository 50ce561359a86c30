package dev.kite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** Sync attempts run to their end, time out into a cancellation, and fail with typed errors. */
class SyncRunTest {

    private static final String TASK = """
            {'id': {'project': 'demo', 'domain': 'development', 'name': 'upper', 'version': 'v1'}, 'type': 'upper',
             'interface': {'inputs': {'text': {'type': 'string'}}, 'outputs': {'text': {'type': 'string'}}}}""";

    @TaskTypes("upper")
    static class Upper implements SyncPlugin<NoConfig> {
        volatile String thread;

        @Override
        public boolean blocking() {
            return true;
        }

        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            thread = Thread.currentThread().getName();
            String text = ctx.inputs().get("text").textValue();
            if (text.isEmpty()) {
                throw new TaskException(TaskError.user("EMPTY", "nothing to upper-case"));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode().put("text", text.toUpperCase());
            return Uni.createFrom().item(TaskResult.succeeded(out));
        }
    }

    @TaskTypes("never")
    static class Never implements SyncPlugin<NoConfig> {
        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().emitter(e -> { }); // never ends
        }
    }

    @Test
    void aBlockingPluginRunsOnAWorkerAndItsOutputsMatch() {
        Upper plugin = new Upper();
        TestContext<NoConfig> ctx = Contexts.of(plugin).task(TASK).inputs("{'text': 'hi'}").build();
        TaskResult r = SyncRun.run(plugin, ctx, Duration.ofSeconds(10));
        assertEquals("{\"text\":\"HI\"}", Outputs.of(ctx.task(), r).toString());
        assertFalse(plugin.thread.equals(Thread.currentThread().getName()), plugin.thread);
    }

    @Test
    void aTaskExceptionIsTheAttemptsError() {
        Upper plugin = new Upper();
        TestContext<NoConfig> ctx = Contexts.of(plugin).task(TASK).inputs("{'text': ''}").build();
        TaskResult r = SyncRun.run(plugin, ctx, Duration.ofSeconds(10));
        assertEquals(TaskError.user("EMPTY", "nothing to upper-case"), r.error());
    }

    @Test
    void aTimeoutCancelsTheAttempt() {
        Never plugin = new Never();
        TestContext<NoConfig> ctx = Contexts.of(plugin).task(TASK).inputs("{'text': 'hi'}").build();
        SyncRun run = SyncRun.start(plugin, ctx);
        AssertionError e = assertThrows(AssertionError.class, () -> run.await(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("did not end within PT0.05S"), e.getMessage());
        assertTrue(run.cancelled());
    }

    @Test
    void anAbortCancelsTheAttempt() {
        Never plugin = new Never();
        SyncRun run = SyncRun.start(plugin, Contexts.of(plugin).task(TASK).inputs("{'text': 'hi'}").build());
        run.cancel();
        assertTrue(run.cancelled());
        assertFalse(run.done());
    }
}
