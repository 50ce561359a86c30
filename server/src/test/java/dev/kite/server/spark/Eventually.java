package dev.kite.server.spark;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.restassured.path.json.JsonPath;

/** Waiting for what happens asynchronously, with a sleep between looks and a limit. */
final class Eventually {

    private Eventually() {
    }

    static void await(BooleanSupplier condition, Duration limit, String what) {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Looks at the execution every half second until it has ended, and returns it (plain reads, not
     * {@code ?wait=}: a long Spark job outlasts many waits).
     */
    static JsonPath ended(String id, Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonPath e = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            String phase = e.getString("phase");
            if (!phase.equals("QUEUED") && !phase.equals("RUNNING") && !phase.equals("WAITING_FOR_CACHE")) {
                return e;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("execution " + id + " did not end within " + limit.toSeconds() + " s: " + e.prettify());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new AssertionError(x);
            }
        }
    }
}
