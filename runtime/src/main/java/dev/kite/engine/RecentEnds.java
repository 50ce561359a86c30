package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.kite.store.ExecutionRow;

/**
 * The final rows of the executions that ended in this process a moment ago, as written at their
 * end: a read that waits for an end which came just before it (a client that submits, then reads
 * with a wait) is answered without reading the row back. A row is final once written (an aborted
 * one is not kept: the abort's principal is written after it). Kept at most {@link #KEEP}, the
 * newest {@link #MAX_ROWS}, and at most {@link #MAX_CHARS} characters of values in all.
 */
final class RecentEnds {

    static final Duration KEEP = Duration.ofSeconds(2);
    static final int MAX_ROWS = 1024;
    static final long MAX_CHARS = 4L << 20;

    private record Ended(ExecutionRow row, Instant at, long chars) {
    }

    private final EngineClock clock;
    private final LinkedHashMap<UUID, Ended> rows = new LinkedHashMap<>();
    private long chars;

    RecentEnds(EngineClock clock) {
        this.clock = clock;
    }

    /** Keeps the final row of {@code run}, if it ended here other than by an abort. */
    void ended(Run run) {
        ExecutionRow row = run.endRow;
        if (row == null || Phase.ABORTED.name().equals(row.phase())) {
            return;
        }
        long size = length(row.inputs()) + length(row.outputs()) + length(row.error()) + length(row.attempts());
        if (size > MAX_CHARS / 8) {
            return;
        }
        Instant now = clock.now();
        synchronized (this) {
            Ended before = rows.put(row.id(), new Ended(row, now, size));
            chars += size - (before == null ? 0 : before.chars);
            evict(now);
        }
    }

    /** The final row of execution {@code id} when it ended here within {@link #KEEP}; null otherwise. */
    ExecutionRow get(UUID id) {
        Instant now = clock.now();
        synchronized (this) {
            evict(now);
            Ended e = rows.get(id);
            return e == null ? null : e.row;
        }
    }

    private void evict(Instant now) {
        Instant oldest = now.minus(KEEP);
        Iterator<Map.Entry<UUID, Ended>> it = rows.entrySet().iterator();
        while (it.hasNext()) {
            Ended e = it.next().getValue();
            if (rows.size() <= MAX_ROWS && chars <= MAX_CHARS && e.at.isAfter(oldest)) {
                return;
            }
            chars -= e.chars;
            it.remove();
        }
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }
}
