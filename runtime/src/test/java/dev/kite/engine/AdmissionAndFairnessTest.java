package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskResult;

/** Slots, fair queues per project and domain, per-project limits. */
class AdmissionAndFairnessTest {

    @Test
    void atMostMaxConcurrentRunAndTheNextStartsWhenOneEnds() {
        Floor floor = new Floor(Map.of("kite.engine.max-concurrent", "2"));
        TaskTemplate t = floor.task("{}");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(floor.submit(t, i));
        }
        assertEquals(List.of("RUNNING", "RUNNING", "QUEUED", "QUEUED"), ids.stream().map(floor::phase).toList());
        assertEquals(2, floor.gauge("kite_engine_active"));
        assertEquals(2, floor.gauge("kite_engine_queued"));
        floor.script.complete(ids.get(0), TaskResult.succeeded(TestPlugins.out(0)));
        assertEquals("RUNNING", floor.phase(ids.get(2)), "the freed slot went to the oldest queued");
        assertEquals("QUEUED", floor.phase(ids.get(3)));
    }

    @Test
    void freedSlotsGoToTheProjectsInTurn() {
        Floor floor = new Floor(Map.of("kite.engine.max-concurrent", "1"));
        TaskTemplate a = floor.task("a", "script", "{}");
        TaskTemplate b = floor.task("b", "script", "{}");
        UUID first = floor.submit(a, 0);
        List<UUID> as = List.of(floor.submit(a, 1), floor.submit(a, 2));
        UUID fromB = floor.submit(b, 3);
        floor.script.complete(first, TaskResult.succeeded(TestPlugins.out(0)));
        assertEquals("RUNNING", floor.phase(as.get(0)), "a's queue has its turn");
        floor.script.complete(as.get(0), TaskResult.succeeded(TestPlugins.out(1)));
        assertEquals("RUNNING", floor.phase(fromB), "then b's, although a was queued earlier");
        assertEquals("QUEUED", floor.phase(as.get(1)));
    }

    @Test
    void aProjectAtItsLimitLeavesTheFreeSlotsToOthers() {
        Floor floor = new Floor(Map.of("kite.engine.max-concurrent", "4", "kite.engine.max-concurrent-per-project", "2"));
        TaskTemplate a = floor.task("a", "script", "{}");
        TaskTemplate b = floor.task("b", "script", "{}");
        List<UUID> as = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            as.add(floor.submit(a, i));
        }
        UUID fromB = floor.submit(b, 9);
        assertEquals(List.of("RUNNING", "RUNNING", "QUEUED", "QUEUED"), as.stream().map(floor::phase).toList());
        assertEquals("RUNNING", floor.phase(fromB));
        assertEquals(3, floor.gauge("kite_engine_active"), "a fourth slot stays free rather than break a's limit");
    }

    @Test
    void aNoOpOfProjectBFinishesBehindTenThousandQueuedSlowExecutionsOfProjectA() {
        Floor floor = new Floor(Map.of("kite.engine.max-concurrent", "4"));
        TaskTemplate slow = floor.task("a", "script", "{}");
        TaskTemplate noop = floor.task("b", "script", "{}");
        List<UUID> backlog = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            backlog.add(floor.submit(slow, i)); // the script hangs: each holds its slot until completed
        }
        floor.script.instant.add("b");
        UUID fromB = floor.submit(noop, 1);
        assertEquals("QUEUED", floor.phase(fromB), "every slot is taken");
        int completedOfA = 0;
        while (!"SUCCEEDED".equals(floor.phase(fromB)) && completedOfA < 4) {
            UUID running = backlog.stream().filter(id -> "RUNNING".equals(floor.phase(id))).findFirst().orElseThrow();
            floor.script.complete(running, TaskResult.succeeded(TestPlugins.out(0)));
            completedOfA++;
        }
        assertEquals("SUCCEEDED", floor.phase(fromB));
        assertTrue(completedOfA <= 2, "b's no-op got one of the next two free slots, not the 10,001st: " + completedOfA);
        long queued = backlog.stream().filter(id -> "QUEUED".equals(floor.phase(id))).count();
        assertTrue(queued >= 9_990, "a's backlog is still almost entirely queued: " + queued);
    }
}
