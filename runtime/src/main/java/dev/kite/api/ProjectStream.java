package dev.kite.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import dev.kite.store.ExecutionRow;

/**
 * A project's watch, written straight to the connection (decision 0040): each window's batch of
 * changed executions is rendered once, as the Server-Sent Events {@code event: execution} of all
 * of them, and that one byte array is written to every watcher of the same filter in one write.
 * The REST layer's own event writer would serialize and flush every event for every watcher
 * apart, which is what made a busy project's watchers cost the engine more than its executions.
 *
 * <p>The REST layer still admits the request (credentials, project, parameters) and owns the
 * stream's life: the returned stream never emits, the client leaving cancels it (which stops the
 * batches and the keep-alives), and its end ends the response. A watcher too slow to take what it
 * is sent has what it cannot take yet held for it while its connection's write queue is full; past
 * {@link #MAX_HELD} bytes it is disconnected: a client reconnects and lists again to catch up, which is
 * cheaper for everyone than buffering a busy project for it without bound.
 */
final class ProjectStream {

    private static final Logger LOG = Logger.getLogger(ProjectStream.class);
    private static final byte[] KEEP_ALIVE = (":" + KeepAlive.COMMENT + "\n\n").getBytes(StandardCharsets.US_ASCII);

    /** What a watcher may fall behind by, in bytes, before it is disconnected. */
    static final int MAX_HELD = 8 * 1024 * 1024;

    private final HttpServerResponse response;
    private final java.util.ArrayDeque<byte[]> held = new java.util.ArrayDeque<>();
    private long heldBytes;
    private boolean closed;

    private ProjectStream(HttpServerResponse response) {
        this.response = response;
    }

    /**
     * The watch of {@code batches} of the project on {@code response}:
     * each as {@code render} makes it of {@code domain}'s rows, with a keep-alive every
     * {@code keepAlive} ({@code 0s}: none).
     */
    static <T> Multi<T> open(HttpServerResponse response, Multi<EventStreams.Batch> batches, String domain,
            Function<List<ExecutionRow>, byte[]> render, Duration keepAlive) {
        ProjectStream stream = new ProjectStream(response);
        return Multi.createFrom().emitter(em -> {
            if (!response.headWritten()) {
                // the REST layer sends the stream's head before it subscribes; in case it did not
                response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.SERVER_SENT_EVENTS);
                stream.write(new byte[0]);
            }
            Cancellable tick = keepAlive == null || keepAlive.isZero() || keepAlive.isNegative() ? () -> { }
                    : KeepAlive.ticks(keepAlive).subscribe().with(t -> stream.write(KEEP_ALIVE), em::fail);
            Cancellable watch = batches.subscribe().with(batch -> {
                byte[] frames = batch.rendered(domain, render);
                if (frames != null) {
                    stream.write(frames);
                }
            }, em::fail, em::complete);
            em.onTermination(() -> {
                tick.cancel();
                watch.cancel();
            });
        });
    }

    /** The Server-Sent Events of {@code rows}: {@code event: execution} with {@code data} each. */
    static byte[] frames(List<ExecutionRow> rows, Function<ExecutionRow, String> json) {
        StringBuilder out = new StringBuilder(rows.size() * 512);
        for (ExecutionRow row : rows) {
            // compact JSON has no line break (a string's are escaped), so one data line each
            out.append("event: execution\ndata: ").append(json.apply(row)).append("\n\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code bytes}, or, while the connection's write queue is full, holds them until it
     * drains; a watcher that lets more than {@link #MAX_HELD} bytes pile up is disconnected.
     */
    private synchronized void write(byte[] bytes) {
        if (closed || response.closed() || response.ended()) {
            return;
        }
        if (held.isEmpty() && !response.writeQueueFull()) {
            response.write(Buffer.buffer(bytes));
            return;
        }
        held.add(bytes);
        heldBytes += bytes.length;
        if (heldBytes > MAX_HELD) {
            closed = true;
            held.clear();
            LOG.warnf("a watcher of a project's executions does not keep up with its stream (%d bytes held): disconnected",
                    heldBytes);
            // this stream only (on HTTP/2, not the connection it shares with others)
            response.reset();
            return;
        }
        if (held.size() == 1) {
            response.drainHandler(v -> flushHeld());
        }
    }

    private synchronized void flushHeld() {
        while (!held.isEmpty() && !closed && !response.closed() && !response.ended()) {
            if (response.writeQueueFull()) {
                response.drainHandler(v -> flushHeld());
                return;
            }
            byte[] next = held.poll();
            heldBytes -= next.length;
            response.write(Buffer.buffer(next));
        }
    }
}
