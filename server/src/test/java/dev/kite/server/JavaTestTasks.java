package dev.kite.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.spi.KiteTask;
import dev.kite.spi.RecoverableException;
import dev.kite.spi.TaskContext;

/** @KiteTask methods of the end-to-end tests, in project {@value #PROJECT}. */
@ApplicationScoped
public class JavaTestTasks {

    public static final String PROJECT = "kite-tests";

    public enum Color { RED, GREEN, BLUE }

    public record Point(long x, long y) {
    }

    /** One output per component. */
    public record Typed(int next, long big, double half, boolean notFlag, short small, String upper, Instant later,
            Duration doubled, byte[] reversed, Color color, List<String> tags, long total, Optional<String> note,
            Point point, int attempt, long seed) {
    }

    @KiteTask(project = PROJECT, name = "typed", version = "v1")
    public Typed typed(int count, long big, double ratio, boolean flag, Short small, String text, Instant at,
            Duration span, byte[] data, Color color, List<String> tags, Map<String, Long> scores,
            Optional<String> note, Point point, TaskContext<?> ctx) {
        byte[] reversed = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            reversed[i] = data[data.length - 1 - i];
        }
        return new Typed(count + 1, big, ratio / 2, !flag, (short) (small + 1), text.toUpperCase(Locale.ROOT),
                at.plus(span), span.multipliedBy(2), reversed, Color.values()[(color.ordinal() + 1) % 3],
                tags.stream().sorted().toList(), scores.values().stream().mapToLong(Long::longValue).sum(),
                note.map(n -> n.toUpperCase(Locale.ROOT)), new Point(point.x() + 1, point.y() + 1), ctx.attempt(),
                ctx.seed());
    }

    /** Not a record: one output, {@code o0}. */
    @KiteTask(project = PROJECT, name = "square", version = "v1")
    public long square(long x) {
        return x * x;
    }

    /** Fails with a plain exception although retries are granted. */
    @KiteTask(project = PROJECT, name = "broken", version = "v1", retries = 3)
    public String broken(String why) {
        throw new IllegalStateException("broken on purpose: " + why);
    }

    /** Fails recoverably on the first {@code failures} attempts, then answers. */
    @KiteTask(project = PROJECT, name = "flaky", version = "v1", retries = 2)
    public String flaky(int failures, TaskContext<?> ctx) {
        if (ctx.attempt() < failures) {
            throw new RecoverableException("not yet, attempt " + ctx.attempt());
        }
        return "ok after " + ctx.attempt() + " retries";
    }

    /** The name of the thread that calls it: on a worker (the default, it may block). */
    @KiteTask(project = PROJECT, name = "thread", version = "v1")
    public String thread() {
        return Thread.currentThread().getName();
    }

    /** The same, declared non-blocking: called where its attempt starts, not on a worker. */
    @KiteTask(project = PROJECT, name = "thread-inline", version = "v1", blocking = false)
    public String threadInline() {
        return Thread.currentThread().getName();
    }
}
