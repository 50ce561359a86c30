package dev.kite.server;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.Link;
import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** Test plugin: a sync call that reports what it did elsewhere (a query's page) and a message. */
@ApplicationScoped
@TaskTypes("reporting-sync")
public class ReportingSyncPlugin implements SyncPlugin<NoConfig> {

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        return Uni.createFrom().item(TaskResult.succeeded(null).withMessage("3 rows")
                .withLinks(List.of(Link.of("query q-17", "https://warehouse.example.com/queries/q-17"))));
    }
}
