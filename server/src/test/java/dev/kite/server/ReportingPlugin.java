package dev.kite.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.Link;
import dev.kite.spi.NoConfig;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;

/**
 * Test plugin: a remote job that reports a console link and a running message, asks to be polled
 * again soon, and ends when the test {@link #release}s it.
 */
@ApplicationScoped
@TaskTypes("reporting")
public class ReportingPlugin implements AsyncPlugin<NoConfig, ReportingPlugin.Handle> {

    public record Handle(String job) {
    }

    private final Set<String> released = ConcurrentHashMap.newKeySet();

    /** Lets the job of this execution end at its next poll. */
    public void release(String executionId) {
        released.add(executionId);
    }

    @Override
    public Uni<Handle> submit(TaskContext<NoConfig> ctx) {
        return Uni.createFrom().item(new Handle(ctx.generatedName()));
    }

    @Override
    public Uni<TaskStatus> poll(TaskContext<NoConfig> ctx, Handle handle) {
        List<Link> links = List.of(Link.of("console", "https://jobs.example.com/" + handle.job()));
        if (!released.contains(ctx.executionId().toString())) {
            return Uni.createFrom().item(TaskStatus.running("step 1 of 2").withLinks(links).withPollAfter(Duration.ofMillis(50)));
        }
        return Uni.createFrom().item(TaskStatus.succeeded(ctx.inputs().objectNode().put("job", handle.job())).withLinks(links));
    }

    @Override
    public Uni<Void> cancel(TaskContext<NoConfig> ctx, Handle handle) {
        return Uni.createFrom().voidItem();
    }
}
