package dev.kite.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.TaskTypes;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.NoConfig;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;

/**
 * Test plugin: an in-memory async job whose operations fail transiently on command. Inputs:
 * {@code failSubmits} (the first n submits throw), {@code failPolls} (the first n polls throw),
 * {@code polls} (polls answering RUNNING before SUCCEEDED).
 */
@ApplicationScoped
@TaskTypes("flaky-async")
public class FlakyAsyncPlugin implements AsyncPlugin<NoConfig, FlakyAsyncPlugin.Handle> {

    public record Handle(String job) {
    }

    private final Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    public int submits(String executionId) {
        return submits.getOrDefault(executionId, new AtomicInteger()).get();
    }

    public int polls(String executionId) {
        return polls.getOrDefault(executionId, new AtomicInteger()).get();
    }

    @Override
    public Uni<Handle> submit(TaskContext<NoConfig> ctx) {
        int n = submits.computeIfAbsent(ctx.executionId().toString(), k -> new AtomicInteger()).incrementAndGet();
        if (n <= ctx.inputs().path("failSubmits").asInt()) {
            return Uni.createFrom().failure(new java.net.ConnectException("job service unreachable (" + n + ")"));
        }
        return Uni.createFrom().item(new Handle(ctx.generatedName()));
    }

    @Override
    public Uni<TaskStatus> poll(TaskContext<NoConfig> ctx, Handle handle) {
        int n = polls.computeIfAbsent(ctx.executionId().toString(), k -> new AtomicInteger()).incrementAndGet();
        if (n <= ctx.inputs().path("failPolls").asInt()) {
            throw new IllegalStateException("status endpoint answered 502 (" + n + ")");
        }
        if (n <= ctx.inputs().path("failPolls").asInt() + ctx.inputs().path("polls").asInt()) {
            return Uni.createFrom().item(TaskStatus.running("working"));
        }
        return Uni.createFrom().item(TaskStatus.succeeded(ctx.inputs().objectNode().put("job", handle.job())));
    }

    @Override
    public Uni<Void> cancel(TaskContext<NoConfig> ctx, Handle handle) {
        return Uni.createFrom().voidItem();
    }
}
