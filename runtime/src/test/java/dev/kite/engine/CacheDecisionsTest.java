package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskError;

/** The memoizer's decisions (hit, run, wait) and how the engine acts on them. */
class CacheDecisionsTest {

    private static final String CACHED = "{\"cache\": {\"version\": \"1\"}}";
    private static final String SERIAL = "{\"cache\": {\"version\": \"1\", \"serialize\": true}, \"retries\": 0}";

    private final Floor floor = new Floor();

    @Test
    void aMissRunsTheTaskAndStoresItsOutputs() {
        floor.script.succeed(3);
        UUID id = floor.submit(floor.task(CACHED), 3);
        assertEquals("POPULATED", floor.row(id).cacheStatus());
        assertEquals(1, floor.cache.entries.size());
    }

    @Test
    void aHitEndsWithoutCallingThePlugin() {
        floor.script.succeed(3);
        var task = floor.task(CACHED);
        UUID first = floor.submit(task, 3);
        UUID second = floor.submit(task, 3);
        assertEquals("SUCCEEDED", floor.phase(second));
        assertEquals("HIT", floor.row(second).cacheStatus());
        assertEquals(first, floor.row(second).cacheSource());
        assertEquals(0, floor.script.calls(second));
        assertEquals(List.of("SUCCEEDED"), floor.store.phases(second), "written ended, in one insert (decision 0038)");
    }

    @Test
    void otherInputsAreAnotherKey() {
        floor.script.succeed(3).succeed(4);
        var task = floor.task(CACHED);
        floor.submit(task, 3);
        UUID other = floor.submit(task, 4);
        assertEquals("POPULATED", floor.row(other).cacheStatus());
    }

    @Test
    void aTaskWithoutCacheIsDisabled() {
        floor.script.succeed(1);
        assertEquals("DISABLED", floor.row(floor.submit(floor.task("{}"), 1)).cacheStatus());
    }

    @Test
    void overwriteCacheSkipsTheLookupAndReplacesTheEntry() {
        floor.script.succeed(3).succeed(3);
        var task = floor.task(CACHED);
        floor.submit(task, 3);
        UUID again = floor.submitOverwriting(task, 3);
        assertEquals("SKIPPED", floor.row(again).cacheStatus());
        assertEquals(1, floor.script.calls(again));
        assertEquals(again, floor.cache.entries.values().iterator().next().execution());
    }

    @Test
    void anIdenticalSerializedExecutionWaitsAndTakesTheHoldersOutputs() {
        var task = floor.task(SERIAL);
        UUID holder = floor.submit(task, 5);
        UUID waiter = floor.submit(task, 5);
        assertEquals("WAITING_FOR_CACHE", floor.phase(waiter));
        floor.script.complete(holder, dev.kite.spi.TaskResult.succeeded(TestPlugins.out(5)));
        floor.advance(100);
        assertEquals("SUCCEEDED", floor.phase(waiter));
        assertEquals("HIT", floor.row(waiter).cacheStatus());
        assertEquals(holder, floor.row(waiter).cacheSource());
        assertEquals(1, floor.script.calls.size(), "the task ran once");
        assertEquals(1.0, floor.registry.get("kite.cache.waits").counter().count(), "one execution waited");
    }

    @Test
    void whenTheHolderFailsAWaiterTakesTheReservationAndRuns() {
        var task = floor.task(SERIAL);
        UUID holder = floor.submit(task, 5);
        UUID waiter = floor.submit(task, 5);
        floor.script.complete(holder, dev.kite.spi.TaskResult.failed(TaskError.user("BAD", "no")));
        floor.script.succeed(5);
        floor.advance(100);
        assertEquals("FAILED", floor.phase(holder));
        assertEquals("SUCCEEDED", floor.phase(waiter));
        assertEquals("POPULATED", floor.row(waiter).cacheStatus());
        assertTrue(floor.store.eventPhases(waiter).contains("CACHE_RESERVATION_TAKEN"));
    }

    @Test
    void aSlowCacheIsAskedAgainInsteadOfRunningASerializedTaskTwice() {
        var task = floor.task(SERIAL);
        floor.cache.slowCalls = 3;
        UUID first = floor.submit(task, 5);
        floor.advance(300);
        UUID second = floor.submit(task, 5);
        assertEquals("RUNNING", floor.phase(first));
        assertEquals("WAITING_FOR_CACHE", floor.phase(second));
        floor.script.complete(first, dev.kite.spi.TaskResult.succeeded(TestPlugins.out(5)));
        floor.advance(100);
        assertEquals("POPULATED", floor.row(first).cacheStatus(), "no LOOKUP_FAILURE while the cache is only slow");
        assertEquals("HIT", floor.row(second).cacheStatus());
        assertEquals(1, floor.script.calls.size());
        assertEquals(0.0, floor.counter("kite.cache.lookups", "result", "failure"));
    }

    @Test
    void aDeadCacheLetsTheTaskRunWithoutIt() {
        floor.cache.dead = true;
        floor.script.succeed(5);
        UUID id = floor.submit(floor.task(SERIAL), 5);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("LOOKUP_FAILURE", floor.row(id).cacheStatus());
        assertTrue(floor.store.eventPhases(id).contains("CACHE_LOOKUP_FAILURE"));
    }

    @Test
    void aSlowLookupOfATaskThatIsNotSerializedRunsWithoutWaiting() {
        floor.script.succeed(6);
        floor.cache.slowCalls = 1;
        UUID id = floor.submit(floor.task(CACHED), 6);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("LOOKUP_FAILURE", floor.row(id).cacheStatus(), "a failed lookup costs less than a delayed task");
    }

    @Test
    void aFailedStoreLeavesTheExecutionSucceededWithPutFailure() {
        floor.script.succeed(5);
        floor.cache.failPuts = true;
        UUID id = floor.submit(floor.task(CACHED), 5);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("PUT_FAILURE", floor.row(id).cacheStatus());
        assertTrue(floor.store.eventPhases(id).contains("CACHE_PUT_FAILURE"));
    }

    @Test
    void aRunAbortedWhileTheCacheIsSlowKeepsNoReservation() {
        var task = floor.task(SERIAL);
        floor.cache.slowCalls = 1;
        UUID id = floor.submit(task, 5);
        floor.abort(id);
        floor.advance(5_000);
        assertEquals("ABORTED", floor.phase(id));
        assertEquals(0, floor.script.calls(id));
        assertTrue(floor.cache.reservations.isEmpty(), "no reservation outlives its run: " + floor.cache.reservations);
        UUID next = floor.submit(task, 5);
        assertEquals("RUNNING", floor.phase(next), "an identical execution after it does not wait");
    }

    @Test
    void aReservationWhoseAnswerWasLostIsKeptAliveWhileTheTaskRuns() {
        var task = floor.task(SERIAL);
        floor.cache.loseReserveAnswers = true; // Redis takes the reservation; its answer never comes in time
        UUID first = floor.submit(task, 5);
        floor.advance(3_500); // longer than kite.cache.reservation-ttl: the cache step gives up
        assertEquals("RUNNING", floor.phase(first));
        assertEquals("LOOKUP_FAILURE", floor.row(first).cacheStatus());
        assertEquals(first, floor.cache.reservations.values().iterator().next(), "the lost call took the reservation");
        floor.cache.loseReserveAnswers = false;
        int before = floor.cache.heartbeats;
        floor.advance(2_500);
        assertTrue(floor.cache.heartbeats > before, "the holder renews the reservation it may hold, or it would expire"
                + " and an identical execution would run the task again");
        UUID second = floor.submit(task, 5);
        assertEquals("WAITING_FOR_CACHE", floor.phase(second), "the reservation is still the first execution's");
        floor.script.complete(first, dev.kite.spi.TaskResult.succeeded(TestPlugins.out(5)));
        floor.advance(200);
        assertEquals("HIT", floor.row(second).cacheStatus());
        assertEquals(1, floor.script.calls.size(), "the task ran once");
        assertTrue(floor.cache.reservations.isEmpty(), "given up at the end: " + floor.cache.reservations);
    }
}
