package dev.kite.server.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

import dev.kite.api.EventStreams;
import dev.kite.server.Api;
import dev.kite.store.ExecutionNotices;

/**
 * The process's {@code LISTEN} connection and the streams that depend on it: while it is not
 * listening the process is not ready, and a project watch that may have missed changes meanwhile
 * ends (its client lists again) rather than stay open and silent.
 */
@QuarkusTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenConnectionTest {

    private static final String CHECK = "Execution changes (LISTEN)";

    @Inject
    Pool pool;

    @Inject
    EventStreams streams;

    @Test
    void aLostListenConnectionMakesTheProcessUnreadyAndEndsProjectWatchesUntilItIsBack() throws Exception {
        String p = Api.project();
        Api.scripted(p, "quick", "{}");
        awaitReady(true);
        try (SseClient watch = SseClient.open("/api/v1/executions/stream?project=" + p)) {
            assertEquals(200, watch.status());
            long killed = pool.query("select pg_terminate_backend(pid) from pg_stat_activity "
                    + "where datname = current_database() and query like 'LISTEN%'").execute()
                    .await().indefinitely().rowCount();
            assertTrue(killed >= 1, "the LISTEN connection was found");
            Response down = awaitReady(false);
            assertEquals("DOWN", down.path("checks.find { it.name == '" + CHECK + "' }.status"));
            awaitReady(true);
            assertEquals(List.of(), rest(watch, null), "the watch ended without an event once the connection was back");
        }
        // a watch opened now hears the changes again
        try (SseClient watch = SseClient.open("/api/v1/executions/stream?project=" + p)) {
            String id = Api.runScript(p, "quick", "ok");
            List<SseClient.Sse> seen = watch.until(e -> e.data().contains(id) && e.data().contains("\"SUCCEEDED\""));
            assertTrue(seen.get(seen.size() - 1).data().contains("\"SUCCEEDED\""), "seen: " + seen);
        }
    }

    @Test
    void aWatchOpenedBeforeTheFirstConnectionEndsWhenItComesUp() throws Exception {
        String p = Api.project();
        try (SseClient watch = SseClient.open("/api/v1/executions/stream?project=" + p)) {
            assertEquals(200, watch.status());
            // what the first subscription tells the listeners (it came before this test could watch);
            // told again until the stream ends: the stream's head is sent before the watch joins
            assertEquals(List.of(), rest(watch, () -> streams.resync(ExecutionNotices.Gap.CONNECTED)),
                    "changes before the first connection were not announced: the watch ends");
        }
    }

    /** The rest of the stream, read until it ends; {@code meanwhile} (if any) runs between polls. */
    private static List<SseClient.Sse> rest(SseClient watch, Runnable meanwhile) throws Exception {
        CompletableFuture<List<SseClient.Sse>> rest = CompletableFuture.supplyAsync(() -> {
            try {
                return watch.rest();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rest.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the watch did not end within 30 s");
            }
            if (meanwhile != null) {
                meanwhile.run();
            }
            Api.pause();
        }
        return rest.get();
    }

    /** Polls readiness until it is (or is not) 200; returns the last answer. */
    private static Response awaitReady(boolean ready) {
        while (true) {
            Response r = given().get("/q/health/ready");
            if ((r.statusCode() == 200) == ready) {
                return r;
            }
            Api.pause();
        }
    }
}
