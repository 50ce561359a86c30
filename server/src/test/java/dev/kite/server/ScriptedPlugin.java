package dev.kite.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.TaskTypes;
import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;

/**
 * Test plugin that fails on command. Input {@code script} is a list of steps, one per attempt:
 * {@code ok} (outputs {@code {"attempt": n}}), {@code user} (USER recoverable), {@code user-fatal}
 * (USER non-recoverable), {@code system} (SYSTEM recoverable), {@code throw} (an unexpected
 * exception), {@code hang} (never ends unless cancelled), {@code bad-output}. Counts calls and
 * cancellations per execution.
 */
@ApplicationScoped
@TaskTypes("scripted")
public class ScriptedPlugin implements SyncPlugin<NoConfig> {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cancels = new ConcurrentHashMap<>();

    public int calls(String executionId) {
        return calls.getOrDefault(executionId, new AtomicInteger()).get();
    }

    public int cancels(String executionId) {
        return cancels.getOrDefault(executionId, new AtomicInteger()).get();
    }

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        String id = ctx.executionId().toString();
        calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        var script = ctx.inputs().get("script");
        String step = ctx.attempt() < script.size() ? script.get(ctx.attempt()).asText() : "ok";
        org.jboss.logging.Logger.getLogger(ScriptedPlugin.class).infof("execution %s attempt %d: %s", id, ctx.attempt(), step);
        return switch (step) {
            case "ok" -> Uni.createFrom().item(TaskResult.succeeded(
                    ctx.inputs().objectNode().put("attempt", ctx.attempt())));
            case "user" -> Uni.createFrom().item(TaskResult.failed(TaskError.userRecoverable("FLAKY", "user failure " + ctx.attempt())));
            case "user-fatal" -> Uni.createFrom().item(TaskResult.failed(TaskError.user("BAD_INPUT", "cannot work with this")));
            case "system" -> Uni.createFrom().failure(new TaskException(TaskError.system("NODE_LOST", "system failure " + ctx.attempt())));
            case "throw" -> throw new IllegalStateException("boom in plugin");
            case "hang" -> Uni.createFrom().<TaskResult>emitter(em -> { })
                    .onCancellation().invoke(() -> cancels.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
            case "bad-output" -> Uni.createFrom().item(TaskResult.succeeded(ctx.inputs().objectNode().put("attempt", "not a number")));
            default -> throw new IllegalArgumentException("unknown step " + step);
        };
    }
}
