package dev.kite.plugin.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskStatus;

/** Polls of many attempts share DescribeJobs calls of at most 100 ids, one call per tick of the rate limit. */
class DescribeBatchingTest {

    static final TaskTemplate TASK = BatchFixture.task("{'jobDefinition': 'worker'}", "{}");

    @Test
    void threeHundredAttemptsArePolledInCallsOfAtMostAHundredIds() throws Exception {
        try (BatchFixture fx = new BatchFixture()) {
            BatchJobPlugin plugin = fx.manualPlugin();
            List<BatchFixture.Attempt> attempts = new ArrayList<>();
            List<BatchHandle> handles = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                var a = fx.attempt(TASK, "{}", "kite-many-" + i);
                attempts.add(a);
                handles.add(plugin.submit(a).await().indefinitely());
            }
            List<CompletableFuture<TaskStatus>> polls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                polls.add(plugin.poll(attempts.get(i), handles.get(i)).subscribeAsCompletionStage());
            }
            assertEquals(300, plugin.batcher().waiting());
            assertTrue(fx.fake.calls("describejobs").isEmpty());

            plugin.batcher().tick(); // one tick of the rate limit: one call
            assertEquals(1, fx.fake.calls("describejobs").size());
            assertEquals(200, plugin.batcher().waiting());
            plugin.batcher().tick();
            plugin.batcher().tick();
            assertEquals(0, plugin.batcher().waiting());

            List<FakeBatch.Call> calls = fx.fake.calls("describejobs");
            assertEquals(3, calls.size());
            Set<String> described = new HashSet<>();
            for (FakeBatch.Call c : calls) {
                JsonNode ids = c.body().path("jobs");
                assertTrue(ids.size() <= 100, ids.size() + " ids in one call");
                ids.forEach(id -> described.add(id.asText()));
            }
            Set<String> submitted = new HashSet<>();
            handles.forEach(h -> submitted.add(h.jobId()));
            assertEquals(submitted, described);
            for (CompletableFuture<TaskStatus> p : polls) {
                assertEquals(TaskStatus.Phase.QUEUED, p.get().phase()); // each attempt got its own job's answer
            }
            plugin.batcher().tick(); // nothing waits: no call
            assertEquals(3, fx.fake.calls("describejobs").size());
            plugin.close();
        }
    }
}
