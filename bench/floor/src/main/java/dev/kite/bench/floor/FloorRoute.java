package dev.kite.bench.floor;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The floor of bench/run.sh: what Quarkus and Vert.x alone cost per request on this machine. One
 * reactive route at Kite's submit-and-wait path that reads the JSON body the load client sends and
 * answers an "ended execution" at once: no engine, no database, no authentication.
 */
@ApplicationScoped
public class FloorRoute {

    void routes(@Observes Router router) {
        router.post("/api/v1/executions").handler(BodyHandler.create()).handler(rc -> {
            int length = rc.body().length();
            rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"id\":\"" + UUID.randomUUID() + "\",\"phase\":\"SUCCEEDED\",\"bodyBytes\":" + length + "}");
        });
        router.get("/q/health/ready").handler(rc -> rc.response().end("{\"status\":\"UP\"}"));
    }
}
