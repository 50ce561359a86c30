package dev.kite.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.kite.spi.Link;

/**
 * What a plugin reports about a running or ended attempt beyond its phase — a message and links —
 * kept on the attempt (and so shown as {@code attempts[].message} and {@code attempts[].links}),
 * and a poll's wish for when to poll next, within the engine's limits.
 */
final class AttemptReports {

    private AttemptReports() {
    }

    /**
     * Keeps a report on the attempt; a null message or no links leave what is there. Call under the
     * run's lock. Returns whether anything changed (worth persisting while the attempt runs).
     */
    static boolean record(Attempt a, String message, List<Link> links) {
        boolean changed = false;
        if (message != null && !message.equals(a.message)) {
            a.message = message;
            changed = true;
        }
        if (links != null && !links.isEmpty()) {
            JsonNode json = json(links);
            if (!Objects.equals(json, a.links)) {
                a.links = json;
                changed = true;
            }
        }
        return changed;
    }

    /** The wait before the next poll: the plugin's hint held within [min, max], else the backoff. */
    static Duration nextPoll(Duration hint, Duration backoff, Duration min, Duration max) {
        if (hint == null) {
            return backoff;
        }
        return hint.compareTo(min) < 0 ? min : hint.compareTo(max) > 0 ? max : hint;
    }

    static ArrayNode json(List<Link> links) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        links.forEach(l -> out.addObject().put("name", l.name()).put("url", l.url().toString()));
        return out;
    }
}
