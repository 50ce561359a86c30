package dev.kite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** Contexts are bound and checked as the engine binds and checks them. */
class ContextsTest {

    record Config(String prefix, int repeat) {
    }

    @TaskTypes("echo")
    static class Echo implements SyncPlugin<Config> {
        @Override
        public void validate(TaskTemplate task, Config c, FieldErrors errors) {
            if (c.repeat() < 1) {
                errors.add("config.repeat", "must be at least 1");
            }
        }

        @Override
        public Uni<TaskResult> run(TaskContext<Config> ctx) {
            return Uni.createFrom().nullItem();
        }
    }

    private static final String TASK = """
            {'id': {'project': 'demo', 'domain': 'development', 'name': 'echo', 'version': 'v1'}, 'type': 'echo',
             'interface': {'inputs': {'text': {'type': 'string'}, 'times': {'type': 'integer', 'default': 2}},
                           'outputs': {'text': {'type': 'string'}}},
             'config': {'prefix': '> ', 'repeat': 1}}""";

    @Test
    void configAndInputsAreBoundAndCanonical() {
        TestContext<Config> ctx = Contexts.of(new Echo()).task(TASK).inputs("{'text': 'hi'}").secret("token", "s3cret").build();
        assertEquals(new Config("> ", 1), ctx.config());
        assertEquals("{\"text\":\"hi\",\"times\":2}", ctx.inputs().toString(), "the default is filled in");
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0", ctx.generatedName());
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b", ctx.executionKey());
        assertEquals("s3cret", ctx.secret("token").orElseThrow());
        assertTrue(ctx.secret("other").isEmpty());
    }

    @Test
    void theNextAttemptHasItsOwnNameAndOutputPrefix() {
        TestContext<Config> first = Contexts.of(new Echo()).task(TASK).inputs("{'text': 'hi'}").build();
        TestContext<Config> second = first.attempt(1);
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-1", second.generatedName());
        assertEquals(first.executionKey(), second.executionKey());
        assertNotEquals(first.rawOutputPrefix(), second.rawOutputPrefix());
        assertTrue(second.rawOutputPrefix().toString().endsWith("/raw/demo/development/0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/1/"),
                second.rawOutputPrefix().toString());
    }

    @Test
    void whatTheEngineWouldRefuseIsAnAssertionNamingEveryField() {
        String bad = TASK.replace("'repeat': 1", "'repeat': 0, 'colour': 'red'");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Contexts.of(new Echo()).task(bad).inputs("{'text': 5, 'extra': 1}").build());
        assertTrue(e.getMessage().contains("config.colour: unknown field; known fields: prefix, repeat"), e.getMessage());
        assertTrue(e.getMessage().contains("config.repeat: must be at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("inputs.extra"), e.getMessage());
        List<FieldError> problems = Contexts.problems(new Echo(), Tasks.fromJson(bad));
        assertEquals(List.of("config.colour", "config.repeat"), problems.stream().map(FieldError::path).toList());
    }

    @Test
    void theDataStoreWritesUnderTheRawOutputPrefix(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        TestContext<Config> ctx = Contexts.of(new Echo()).task(TASK).inputs("{'text': 'hi'}").data(TestDataStore.at(dir)).build();
        var target = ctx.rawOutputPrefix().resolve("out.txt");
        ctx.data().put(target, "hello".getBytes(StandardCharsets.UTF_8)).await().indefinitely();
        Path written = ctx.data().localPath(target).orElseThrow();
        assertTrue(written.startsWith(dir), written.toString());
        assertEquals("hello", Files.readString(written));
    }

    @Test
    void tasksCanBeBuiltFieldByField() {
        TaskTemplate t = Tasks.of("echo").input("text", "string").input("times", "integer", "3").output("text", "string")
                .config("{'prefix': '', 'repeat': 2}").build();
        TestContext<Config> ctx = Contexts.of(new Echo()).task(t).inputs("{'text': 'a'}").build();
        assertEquals(3, ctx.inputs().get("times").intValue());
        assertEquals(2, ctx.config().repeat());
    }
}
