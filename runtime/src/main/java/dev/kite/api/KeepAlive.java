package dev.kite.api;

import java.time.Duration;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Keeps an idle event stream open through proxies with idle timeouts: while a stream is open, a
 * comment line ({@code : keep-alive}) every {@code kite.api.sse-keep-alive}. A comment has no id
 * and no data, so clients ignore it and it changes nothing of what {@code Last-Event-ID} resumes.
 */
final class KeepAlive {

    /** The comment's text; a stream shows it as {@code : keep-alive}. */
    static final String COMMENT = " keep-alive";

    private KeepAlive() {
    }

    /** A tick every {@code every} (positive), dropped while the one before is still being handled. */
    static Multi<Long> ticks(Duration every) {
        return Multi.createFrom().ticks().every(every).onOverflow().drop();
    }

    /** {@code events}, with a comment every {@code every} until they end (as they are when {@code every} is not positive). */
    static Multi<OutboundSseEvent> around(Multi<OutboundSseEvent> events, Sse sse, Duration every) {
        if (every == null || every.isZero() || every.isNegative()) {
            return events;
        }
        OutboundSseEvent comment = sse.newEventBuilder().comment(COMMENT).build();
        Multi<OutboundSseEvent> ticks = ticks(every).map(t -> comment);
        // one emitter for both (it serializes them); the stream ends with the events, and a client leaving stops both
        return Multi.createFrom().emitter(em -> {
            Cancellable tick = ticks.subscribe().with(em::emit, em::fail);
            Cancellable stream = events.subscribe().with(em::emit, failure -> {
                tick.cancel();
                em.fail(failure);
            }, () -> {
                tick.cancel();
                em.complete();
            });
            em.onTermination(() -> {
                tick.cancel();
                stream.cancel();
            });
        });
    }
}
