package dev.kite.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskStatus;

/** Plugins a test steers: what each attempt does is queued by the test before it runs. */
final class TestPlugins {

    private TestPlugins() {
    }

    static ObjectNode out(int value) {
        return JsonNodeFactory.instance.objectNode().put("value", value);
    }

    /**
     * Type {@code script}: each call takes the next queued step; without one it hangs (its
     * attempt runs until the test completes it with {@link #complete}, or it is cancelled).
     */
    static final class Script implements SyncPlugin<NoConfig> {
        private final Deque<Object> steps = new ArrayDeque<>();
        final List<UUID> calls = new ArrayList<>();
        final Map<UUID, UniEmitter<? super TaskResult>> hanging = new ConcurrentHashMap<>();
        int cancelled;
        /** Projects whose attempts succeed at once, whatever is queued (a no-op). */
        final java.util.Set<String> instant = ConcurrentHashMap.newKeySet();
        /** Tasks (by name) whose attempts answer what the function makes of the context; null = hang. */
        final Map<String, java.util.function.Function<TaskContext<NoConfig>, TaskResult>> functions = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "script";
        }

        @Override
        public Class<NoConfig> configType() {
            return NoConfig.class;
        }

        synchronized Script succeed(int value) {
            steps.add(TaskResult.succeeded(out(value)));
            return this;
        }

        synchronized Script fail(TaskError error) {
            steps.add(TaskResult.failed(error));
            return this;
        }

        synchronized Script answer(TaskResult result) {
            steps.add(result);
            return this;
        }

        synchronized Script raise(RuntimeException e) {
            steps.add(e);
            return this;
        }

        /** Completes the hanging attempt of {@code execution}. */
        void complete(UUID execution, TaskResult result) {
            hanging.remove(execution).complete(result);
        }

        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            Object step;
            synchronized (this) {
                calls.add(ctx.executionId());
                var function = functions.get(ctx.task().id().name());
                step = instant.contains(ctx.task().id().project()) ? TaskResult.succeeded(out(0))
                        : function != null ? function.apply(ctx) : steps.poll();
            }
            if (step instanceof RuntimeException e) {
                throw e;
            }
            if (step instanceof TaskResult r) {
                return Uni.createFrom().item(r);
            }
            return Uni.createFrom().<TaskResult>emitter(em -> hanging.put(ctx.executionId(), em))
                    .onCancellation().invoke(() -> {
                        synchronized (this) {
                            cancelled++;
                        }
                        hanging.remove(ctx.executionId());
                    });
        }

        synchronized int calls(UUID id) {
            return (int) calls.stream().filter(id::equals).count();
        }
    }

    /** The handle of a {@link Remote} job. */
    record Job(String name) {
    }

    /**
     * Type {@code remote}: an async plugin whose jobs' statuses the test sets; records submits,
     * polls and cancels.
     */
    static final class Remote implements AsyncPlugin<NoConfig, Job> {
        final Map<String, TaskStatus> status = new ConcurrentHashMap<>();
        final List<String> submitted = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        /** What each call saw: its traceparent (or "none") and the logging MDC's execution id and attempt. */
        final List<String> seen = new ArrayList<>();
        int polls;
        /** When set, every poll fails (the remote service is unreachable). */
        volatile boolean failPolls;

        @Override
        public String name() {
            return "remote";
        }

        @Override
        public Class<NoConfig> configType() {
            return NoConfig.class;
        }

        @Override
        public Class<Job> handleType() {
            return Job.class;
        }

        @Override
        public synchronized Uni<Job> submit(TaskContext<NoConfig> ctx) {
            submitted.add(ctx.generatedName());
            see("submit", ctx);
            status.putIfAbsent(ctx.generatedName(), TaskStatus.running(null));
            return Uni.createFrom().item(new Job(ctx.generatedName()));
        }

        @Override
        public synchronized Uni<TaskStatus> poll(TaskContext<NoConfig> ctx, Job handle) {
            polls++;
            see("poll", ctx);
            if (failPolls) {
                return Uni.createFrom().failure(new java.io.UncheckedIOException(new java.io.IOException("unreachable")));
            }
            return Uni.createFrom().item(status.get(handle.name()));
        }

        private void see(String call, TaskContext<NoConfig> ctx) {
            seen.add(call + " " + ctx.trace().traceparent().orElse("none") + " " + org.jboss.logging.MDC.get("executionId")
                    + " " + org.jboss.logging.MDC.get("attempt"));
        }

        @Override
        public synchronized Uni<Void> cancel(TaskContext<NoConfig> ctx, Job handle) {
            cancelled.add(handle.name());
            return Uni.createFrom().voidItem();
        }
    }
}
