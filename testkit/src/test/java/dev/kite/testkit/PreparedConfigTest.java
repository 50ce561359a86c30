package dev.kite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** A plugin compiles its config once; every attempt's context carries the result. */
class PreparedConfigTest {

    record Config(String pattern) {
    }

    @TaskTypes("grep")
    static class Grep implements SyncPlugin<Config> {
        final AtomicInteger prepared = new AtomicInteger();

        @Override
        public Pattern prepare(TaskTemplate task, Config c, FieldErrors errors) {
            prepared.incrementAndGet();
            try {
                return Pattern.compile(c.pattern());
            } catch (RuntimeException e) {
                errors.add("config.pattern", "not a regular expression: " + e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
        }

        @Override
        public Uni<TaskResult> run(TaskContext<Config> ctx) {
            Pattern p = ctx.prepared();
            boolean match = p.matcher(ctx.inputs().get("text").textValue()).find();
            return Uni.createFrom().item(TaskResult.succeeded(JsonNodeFactory.instance.objectNode().put("match", match)));
        }
    }

    private static final String TASK = """
            {'id': {'project': 'demo', 'domain': 'development', 'name': 'grep', 'version': 'v1'}, 'type': 'grep',
             'interface': {'inputs': {'text': {'type': 'string'}}, 'outputs': {'match': {'type': 'boolean'}}},
             'config': {'pattern': 'k.te'}}""";

    @Test
    void everyAttemptGetsWhatWasPreparedOnce() {
        Grep plugin = new Grep();
        TestContext<Config> first = Contexts.of(plugin).task(TASK).inputs("{'text': 'a kite'}").build();
        TestContext<Config> retry = first.attempt(1);
        assertSame(first.<Pattern>prepared(), retry.<Pattern>prepared());
        assertEquals(1, plugin.prepared.get());
        assertEquals(true, Outputs.of(retry.task(), SyncRun.run(plugin, retry, java.time.Duration.ofSeconds(5)))
                .get("match").booleanValue());
    }

    @Test
    void prepareProblemsAreRegistrationProblems() {
        List<FieldError> problems = Contexts.problems(new Grep(), Tasks.fromJson(TASK.replace("k.te", "k(te")));
        assertEquals(List.of("config.pattern"), problems.stream().map(FieldError::path).toList());
    }
}
