package dev.kite.testplugin;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/**
 * Task type {@code reverse}: the input {@code text} reversed, as the output {@code text}. A sync
 * plugin with a config class, found at build time in its own jar.
 */
@ApplicationScoped
@TaskTypes("reverse")
public class ReversePlugin implements SyncPlugin<ReversePlugin.Config> {

    /**
     * The task's {@code config}.
     *
     * @param upperCase whether the output is in upper case
     */
    public record Config(boolean upperCase) {
    }

    @Override
    public void validate(TaskTemplate task, Config config, FieldErrors errors) {
        if (!task.iface().inputs().containsKey("text")) {
            errors.add("interface.inputs", "a reverse task needs an input 'text'");
        }
    }

    @Override
    public Uni<TaskResult> run(TaskContext<Config> ctx) {
        if (!ctx.inputs().path("text").isTextual()) {
            return Uni.createFrom().item(TaskResult.failed(TaskError.user("NO_TEXT", "the input 'text' is not a string")));
        }
        String reversed = new StringBuilder(ctx.inputs().get("text").textValue()).reverse().toString();
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.put("text", ctx.config().upperCase() ? reversed.toUpperCase(java.util.Locale.ROOT) : reversed);
        return Uni.createFrom().item(TaskResult.succeeded(outputs));
    }
}
