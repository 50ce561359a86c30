package dev.kite.testplugin.unindexed;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** A plugin in a jar without META-INF/beans.xml or a Jandex index. */
@ApplicationScoped
@TaskTypes("forgotten")
public class ForgottenPlugin implements SyncPlugin<NoConfig> {

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        return Uni.createFrom().item(TaskResult.succeeded(ctx.inputs()));
    }
}
