package com.example.kite.wordcount;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/**
 * Task type {@code word-count}: counts the words of the input {@code text} (outputs {@code words}
 * and {@code distinct}). Its name ("word-count") and config class come from the declaration below;
 * nothing else registers it.
 */
@ApplicationScoped
@TaskTypes("word-count")
public class WordCountPlugin implements SyncPlugin<WordCountPlugin.Config> {

    /**
     * The task's {@code config}.
     *
     * (Boxed types: an absent field is null. A primitive field is required, as a missing one would
     * silently be 0 or false.)
     *
     * @param minLength words shorter than this are not counted (default 1)
     * @param caseSensitive whether "Kite" and "kite" are two distinct words (default false)
     */
    public record Config(Integer minLength, Boolean caseSensitive) {

        int min() {
            return minLength == null ? 1 : minLength;
        }

        boolean distinguishCase() {
            return Boolean.TRUE.equals(caseSensitive);
        }
    }

    /** Checked at registration: a 400 names each problem with its path. */
    @Override
    public void validate(TaskTemplate task, Config config, FieldErrors errors) {
        if (config.min() < 1) {
            errors.add("config.minLength", "must be at least 1");
        }
        var text = task.iface().inputs().get("text");
        if (text == null || !LiteralType.STRING.equals(text.type())) {
            errors.add("interface.inputs.text", "a word-count task needs a string input 'text'");
        }
    }

    @Override
    public Uni<TaskResult> run(TaskContext<Config> ctx) {
        String text = ctx.inputs().get("text").textValue();
        if (text.isBlank()) {
            return Uni.createFrom().item(TaskResult.failed(TaskError.user("EMPTY_TEXT", "the input 'text' has no words")));
        }
        Config c = ctx.config();
        var words = java.util.Arrays.stream(text.split("\\W+")).filter(w -> w.length() >= c.min())
                .map(w -> c.distinguishCase() ? w : w.toLowerCase(Locale.ROOT)).toList();
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.put("words", words.size());
        outputs.put("distinct", words.stream().distinct().count());
        return Uni.createFrom().item(TaskResult.succeeded(outputs));
    }
}
