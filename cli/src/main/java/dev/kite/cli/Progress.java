package dev.kite.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The status line {@code kite watch} keeps at the bottom of a terminal, below the event lines:
 * the execution's phase, its attempt and the time since it was submitted, redrawn in place after
 * each event and every second. Only on a terminal: piped or redirected output gets the event lines
 * alone, as scripts expect.
 */
final class Progress implements AutoCloseable {

    /** Back to the start of the line and clear it (ANSI). */
    static final String CLEAR = "\r\033[K";

    private final PrintWriter out;
    private final LongSupplier clock;
    private final ScheduledExecutorService ticker;
    private String phase = "QUEUED";
    private int attempt = -1;
    private Instant since;
    private boolean shown;

    /** {@code clock}: the time in epoch milliseconds; {@code tick}: redraw every second. */
    Progress(PrintWriter out, LongSupplier clock, boolean tick) {
        this.out = out;
        this.clock = clock;
        this.ticker = tick ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kite-watch-progress");
            t.setDaemon(true);
            return t;
        }) : null;
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** A status line on {@code out} when this process writes to a terminal, else null. */
    static Progress onTerminal(PrintWriter out) {
        return System.console() == null ? null : new Progress(out, System::currentTimeMillis, true);
    }

    /** Shows {@code line} (the event as a line) above the status, which {@code event} then updates. */
    synchronized void event(JsonNode event, String line) {
        if (shown) {
            out.print(CLEAR);
        }
        out.println(line);
        phase = event.path("phase").asText(phase);
        if (event.has("attempt")) {
            attempt = event.get("attempt").asInt();
        }
        if (since == null) {
            since = at(event);
        }
        draw();
    }

    /** {@code ▸ RUNNING  attempt 2  12 s}. */
    synchronized String status() {
        StringBuilder b = new StringBuilder("▸ ").append(phase);
        if (attempt >= 0) {
            b.append("  attempt ").append(attempt);
        }
        if (since != null) {
            long seconds = Math.max(0, (clock.getAsLong() - since.toEpochMilli()) / 1000);
            b.append("  ").append(seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s");
        }
        return b.toString();
    }

    private synchronized void draw() {
        out.print(CLEAR + status());
        out.flush();
        shown = true;
    }

    /** Stops redrawing and clears the status line (what follows is printed where it was). */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (shown) {
            out.print(CLEAR);
            out.flush();
            shown = false;
        }
    }

    private static Instant at(JsonNode event) {
        try {
            return event.hasNonNull("at") ? Instant.parse(event.get("at").asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
