package com.example.kite.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldError;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;
import dev.kite.testkit.Contexts;
import dev.kite.testkit.Outputs;
import dev.kite.testkit.SyncRun;
import dev.kite.testkit.Tasks;
import dev.kite.testkit.TestContext;

/** The word-count plugin, tested with the Kite test kit: no server, no database. */
class WordCountPluginTest {

    private final WordCountPlugin plugin = new WordCountPlugin();

    /** The task as a client registers it (single quotes spare Java's escapes). */
    private static TaskTemplate task(String config) {
        return Tasks.fromJson("""
                {'id': {'project': 'demo', 'domain': 'development', 'name': 'count-words', 'version': 'v1'},
                 'type': 'word-count',
                 'interface': {'inputs': {'text': {'type': 'string'}},
                               'outputs': {'words': {'type': 'integer'}, 'distinct': {'type': 'integer'}}},
                 'config': %s}""".formatted(config));
    }

    @Test
    void countsWordsAndTheOutputsMatchTheInterface() {
        TestContext<WordCountPlugin.Config> ctx = Contexts.of(plugin).task(task("{'minLength': 2}"))
                .inputs("{'text': 'Kite runs tasks; kite retries a task.'}").build();
        TaskResult result = SyncRun.run(plugin, ctx, Duration.ofSeconds(5));
        ObjectNode outputs = Outputs.of(ctx.task(), result); // the engine's own check
        assertEquals(6, outputs.get("words").intValue()); // "a" is too short
        assertEquals(5, outputs.get("distinct").intValue()); // "Kite" and "kite" are one word
    }

    @Test
    void blankTextIsAUserError() {
        TestContext<WordCountPlugin.Config> ctx = Contexts.of(plugin).task(task("{}")).inputs("{'text': '  '}").build();
        TaskResult result = SyncRun.run(plugin, ctx, Duration.ofSeconds(5));
        assertEquals(TaskError.user("EMPTY_TEXT", "the input 'text' has no words"), result.error());
    }

    @Test
    void registrationRejectsABadConfigNamingEachField() {
        List<FieldError> problems = Contexts.problems(plugin, task("{'minLength': 0, 'language': 'en'}"));
        assertEquals(List.of("config.language: unknown field; known fields: caseSensitive, minLength",
                "config.minLength: must be at least 1"), problems.stream().map(FieldError::toString).toList());
    }

    @Test
    void theNameAndConfigClassComeFromTheDeclaration() {
        assertEquals("word-count", plugin.name());
        assertEquals(WordCountPlugin.Config.class, plugin.configType());
        AssertionError e = assertThrows(AssertionError.class,
                () -> Contexts.of(plugin).task(task("{}")).inputs("{'text': 3}").build());
        assertTrue(e.getMessage().contains("inputs.text"), e.getMessage());
    }
}
