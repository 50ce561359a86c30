package dev.kite.server.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.plugin.batch.FakeBatch;
import dev.kite.server.Api;

/**
 * 300 Batch executions in flight together in one Kite: their polls share DescribeJobs calls of at
 * most 100 ids, and the calls keep to {@code kite.batch.describe-rate-per-second} (here 0.5: one
 * call every 2 s at most), read from {@link FakeBatch}'s request log. The engine polls often
 * ({@code poll-max} 300 ms, up to its 100 polls a second), so ids queue up faster than calls of 100
 * at that rate take them: the calls are full.
 */
@QuarkusTest
@WithTestResource(value = FakeBatchResource.class, initArgs = {
        @ResourceArg(name = "kite.batch.describe-rate-per-second", value = "0.5"),
        @ResourceArg(name = "kite.engine.poll-initial", value = "100ms"),
        @ResourceArg(name = "kite.engine.poll-max", value = "300ms") })
class BatchPollingAtScaleTest {

    static final int EXECUTIONS = 300;
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(2000);

    @Test
    void threeHundredExecutionsShareDescribeJobsCallsOfAtMostAHundredIdsWithinTheRate() {
        FakeBatch fake = FakeBatchResource.fake();
        fake.scriptBySubmit(submit -> FakeBatch.SUCCEEDS);
        String project = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "many", "version": "v1"},
                 "type": "batch", "interface": {"inputs": {"n": {"type": "integer"}}}, "metadata": {"retries": 0},
                 "config": {"queue": "wide-queue", "jobDefinition": "worker:1", "command": ["work", "{{.inputs.n}}"]}}
                """.formatted(project));

        fake.hold(true); // every job stays RUNNABLE until all 300 are submitted: all in flight together
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            ids.add(Api.submit("""
                    {"task": {"project": "%s", "domain": "development", "name": "many"}, "inputs": {"n": %d}}
                    """.formatted(project, i)));
        }
        Set<String> executions = new HashSet<>(ids);
        for (int i = 0; i < 12_000 && submitted(fake, executions) < EXECUTIONS; i++) {
            Api.pause();
        }
        assertEquals(EXECUTIONS, submitted(fake, executions), "all 300 jobs submitted while none has ended");
        int before = fake.calls("describejobs").size();
        for (int i = 0; i < 12_000 && fake.calls("describejobs").size() < before + 3; i++) {
            Api.pause(); // a few calls with all 300 polling
        }
        fake.hold(false);
        for (String id : ids) {
            JsonPath e = Api.await(id);
            assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        }

        List<FakeBatch.Call> calls = fake.calls("describejobs");
        int most = 0;
        for (FakeBatch.Call c : calls) {
            int n = c.body().path("jobs").size();
            assertTrue(n >= 1 && n <= 100, n + " ids in one DescribeJobs call");
            most = Math.max(most, n);
        }
        assertEquals(100, most, "with 300 attempts polling, calls are full");
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).receivedNanos() - calls.get(i - 1).receivedNanos();
            assertTrue(gap >= PERIOD_NANOS, "calls " + (i - 1) + " and " + i + " came " + gap / 1_000_000
                    + " ms apart, less than 1/describe-rate-per-second");
        }
        int polled = calls.stream().mapToInt(c -> c.body().path("jobs").size()).sum();
        assertTrue(polled >= 3 * EXECUTIONS, "every job was described through RUNNABLE, RUNNING, SUCCEEDED: " + polled);
        assertTrue(calls.size() * 10 < polled, calls.size() + " calls for " + polled + " polls: not one call per poll");
    }

    static long submitted(FakeBatch fake, Set<String> executions) {
        return fake.calls("submitjob").stream().filter(c -> executions.contains(c.body().path("tags")
                .path("kite:execution").asText())).count();
    }
}
