package dev.kite.server;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** Test plugin: a sync plugin whose outputs are its inputs, prefixed by config. Counts its calls. */
@ApplicationScoped
@TaskTypes("echo")
public class EchoPlugin implements SyncPlugin<EchoPlugin.Config> {

    public record Config(String prefix) {
    }

    private final AtomicInteger calls = new AtomicInteger();

    public int calls() {
        return calls.get();
    }

    @Override
    public Uni<TaskResult> run(TaskContext<Config> ctx) {
        calls.incrementAndGet();
        var out = ctx.inputs().deepCopy();
        if (ctx.config().prefix() != null && out.has("text")) {
            out.put("text", ctx.config().prefix() + out.get("text").asText());
        }
        return Uni.createFrom().item(TaskResult.succeeded(out));
    }
}
