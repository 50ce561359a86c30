package dev.kite.plugin.papermill;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.kite.spi.TaskContext;

/**
 * Per-cell progress of notebook pods: the executor uploads its {@code progress.json} to the
 * attempt's raw output location as each cell starts; {@link #message} (called from the plugin's
 * {@code status}, which must not block) answers from the last record read and starts reading the
 * next one in the background, one read per attempt at a time. So the message trails the pod by
 * about one poll. Entries go when the attempt ends ({@link #forget}); the map is bounded anyway.
 */
final class PodProgress {

    private static final JsonMapper JSON = new JsonMapper();
    private static final int MAX_ATTEMPTS = 10_000;

    private final Map<String, JsonNode> last = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reading = new ConcurrentHashMap<>();

    /** The running message of the attempt now, or null before any record was read. */
    String message(TaskContext<?> ctx, Instant now) {
        String name = ctx.generatedName();
        if (reading.putIfAbsent(name, Boolean.TRUE) == null) {
            URI file = Outcome.under(ctx.rawOutputPrefix(), "progress.json");
            ctx.data().head(file).chain(found -> found.isEmpty() ? io.smallrye.mutiny.Uni.createFrom().nullItem()
                    : ctx.data().read(file)).subscribe().with(bytes -> {
                        if (bytes != null) {
                            remember(name, bytes);
                        }
                        reading.remove(name);
                    }, f -> reading.remove(name));
        }
        JsonNode p = last.get(name);
        return p == null ? null : Progress.describe(p, -1, now);
    }

    private void remember(String name, byte[] bytes) {
        try {
            JsonNode p = JSON.readTree(bytes);
            if (p != null && p.isObject()) {
                if (last.size() >= MAX_ATTEMPTS && !last.containsKey(name)) {
                    last.clear(); // attempts that ended without forget (a takeover): start over rather than grow
                }
                last.put(name, p);
            }
        } catch (java.io.IOException e) {
            // a torn record: the next read gets a whole one
        }
    }

    void forget(TaskContext<?> ctx) {
        last.remove(ctx.generatedName());
    }
}
