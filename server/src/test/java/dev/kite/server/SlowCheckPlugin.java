package dev.kite.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/**
 * Test plugin whose start-up check lasts until a test releases it: Kite must serve meanwhile, and
 * hold this plugin's tasks until the check passed.
 */
@ApplicationScoped
@TaskTypes("slow-check")
public class SlowCheckPlugin implements SyncPlugin<NoConfig> {

    public static final CountDownLatch RELEASE = new CountDownLatch(1);
    public static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public void check() throws Exception {
        RELEASE.await();
    }

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        RUNS.incrementAndGet();
        return Uni.createFrom().item(TaskResult.succeeded(ctx.inputs().deepCopy()));
    }
}
