package dev.kite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;

/** Async attempts: submit, poll with a fake clock until done, cancel, and continue after a restart. */
class AsyncRunTest {

    /** A remote service: jobs that end a fixed time after they were submitted. */
    static final class Service {
        final Map<String, Instant> ends = new ConcurrentHashMap<>();
        final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    }

    record Config(String duration) {
    }

    record Handle(String jobId) {
    }

    @TaskTypes("timed-job")
    static class TimedJobs implements AsyncPlugin<Config, Handle> {
        final Service service;
        final Clock clock;

        TimedJobs(Service service, Clock clock) {
            this.service = service;
            this.clock = clock;
        }

        @Override
        public Uni<Handle> submit(TaskContext<Config> ctx) {
            service.ends.putIfAbsent(ctx.generatedName(), clock.instant().plus(Duration.parse(ctx.config().duration())));
            return Uni.createFrom().item(new Handle(ctx.generatedName()));
        }

        @Override
        public Uni<TaskStatus> poll(TaskContext<Config> ctx, Handle h) {
            Instant end = service.ends.get(h.jobId());
            if (clock.instant().isBefore(end)) {
                return Uni.createFrom().item(TaskStatus.running("ends at " + end));
            }
            return Uni.createFrom().item(TaskStatus.succeeded(JsonNodeFactory.instance.objectNode().put("job", h.jobId())));
        }

        @Override
        public Uni<Void> cancel(TaskContext<Config> ctx, Handle h) {
            service.cancelled.put(h.jobId(), true);
            return Uni.createFrom().voidItem();
        }
    }

    /** A handle whose id Jackson does not write: it is lost on the way to the database. */
    record Leaky(@JsonIgnore String jobId) {
    }

    @TaskTypes("leaky")
    static class LeakyJobs implements AsyncPlugin<Config, Leaky> {
        @Override
        public Uni<Leaky> submit(TaskContext<Config> ctx) {
            return Uni.createFrom().item(new Leaky("j-1"));
        }

        @Override
        public Uni<TaskStatus> poll(TaskContext<Config> ctx, Leaky h) {
            return Uni.createFrom().item(h.jobId() == null ? TaskStatus.running("no job id")
                    : TaskStatus.succeeded(JsonNodeFactory.instance.objectNode()));
        }

        @Override
        public Uni<Void> cancel(TaskContext<Config> ctx, Leaky h) {
            return Uni.createFrom().voidItem();
        }
    }

    private static final String TASK = """
            {'id': {'project': 'demo', 'domain': 'development', 'name': 'job', 'version': 'v1'}, 'type': 'timed-job',
             'interface': {'outputs': {'job': {'type': 'string'}}}, 'config': {'duration': 'PT1M'}}""";

    @Test
    void pollsUntilTheJobEndsOnTheFakeClock() {
        FakeClock clock = new FakeClock();
        TimedJobs plugin = new TimedJobs(new Service(), clock);
        TestContext<Config> ctx = Contexts.of(plugin).task(TASK).build();
        AsyncRun<Config, Handle> run = AsyncRun.of(plugin, ctx, clock);
        assertEquals(new Handle(ctx.generatedName()), run.submit());
        assertEquals("{\"jobId\":\"" + ctx.generatedName() + "\"}", run.persistedHandle().toString());
        TaskStatus end = run.pollUntilDone(Duration.ofSeconds(25), 10);
        assertEquals(4, run.statuses().size(), "running at 0 s, 25 s and 50 s, done at 75 s");
        assertEquals(ctx.generatedName(), Outputs.of(ctx.task(), end).get("job").textValue());
    }

    @Test
    void aRestartedKiteContinuesFromThePersistedHandle() {
        FakeClock clock = new FakeClock();
        Service service = new Service();
        TestContext<Config> ctx = Contexts.of(new TimedJobs(service, clock)).task(TASK).build();
        AsyncRun<Config, Handle> before = AsyncRun.of(new TimedJobs(service, clock), ctx, clock);
        before.submit();
        assertEquals(TaskStatus.Phase.RUNNING, before.poll().phase());
        AsyncRun<Config, Handle> after = before.restart(new TimedJobs(service, clock));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(TaskStatus.Phase.SUCCEEDED, after.poll().phase());
        after.cancel();
        assertTrue(service.cancelled.get(ctx.generatedName()));
    }

    @Test
    void aHandleThatDoesNotSurviveJsonShowsInTheTest() {
        FakeClock clock = new FakeClock();
        LeakyJobs plugin = new LeakyJobs();
        TestContext<Config> ctx = Contexts.of(plugin).task(TASK.replace("timed-job", "leaky")
                .replace("'outputs': {'job': {'type': 'string'}}", "")).build();
        AsyncRun<Config, Leaky> run = AsyncRun.of(plugin, ctx, clock);
        assertEquals(new Leaky(null), run.submit(), "the handle as the engine reads it back");
        AssertionError e = assertThrows(AssertionError.class, () -> run.pollUntilDone(Duration.ofSeconds(1), 3));
        assertTrue(e.getMessage().contains("not done after 3 polls"), e.getMessage());
    }
}
