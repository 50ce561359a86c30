package dev.kite.server;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.TaskTypes;
import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;

/** Test plugin whose start-up check fails: Kite must report it and keep serving the rest. */
@ApplicationScoped
@TaskTypes("broken")
public class UnhealthyPlugin implements SyncPlugin<NoConfig> {

    @Override
    public void check() throws Exception {
        throw new java.io.IOException("warehouse unreachable");
    }

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        throw new AssertionError("an unhealthy plugin must not be called");
    }
}
