package dev.kite.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.PluginJson;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;

/**
 * One attempt of an {@link AsyncPlugin}, driven as the engine drives it: {@link #submit()}, then
 * {@link #poll()} until the status is terminal, {@link #cancel()} on abort. The handle lives only
 * as the engine persists it, JSON ({@link PluginJson}): every poll and cancel reads it back, so a
 * handle that does not survive the round trip fails here as it would after a restart. A
 * {@link #restart} continues the attempt with another plugin instance from the persisted handle
 * alone.
 *
 * <pre>{@code
 * AsyncRun<JobConfig, JobHandle> run = AsyncRun.of(plugin, ctx, clock);
 * run.submit();
 * TaskStatus end = run.pollUntilDone(Duration.ofSeconds(5), 20);
 * }</pre>
 *
 * @param <C> the config class
 * @param <H> the handle class
 */
public final class AsyncRun<C, H> {

    /** How long one submit, poll or cancel may take before the driver calls it stuck. */
    public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

    private final AsyncPlugin<C, H> plugin;
    private final TestContext<C> ctx;
    private final FakeClock clock;
    private JsonNode persisted;
    private final List<TaskStatus> statuses = new ArrayList<>();

    private AsyncRun(AsyncPlugin<C, H> plugin, TestContext<C> ctx, FakeClock clock, JsonNode persisted) {
        this.plugin = plugin;
        this.ctx = ctx;
        this.clock = clock;
        this.persisted = persisted;
    }

    /** A driver for one attempt; {@code clock} is advanced between polls (give the plugin the same clock). */
    public static <C, H> AsyncRun<C, H> of(AsyncPlugin<C, H> plugin, TestContext<C> ctx, FakeClock clock) {
        return new AsyncRun<>(plugin, ctx, clock, null);
    }

    /** Submits the work and persists the handle as JSON; returns the handle as read back. */
    public H submit() {
        H handle = await(plugin.submit(ctx), "submit");
        if (handle == null) {
            throw new AssertionError("submit returned no handle");
        }
        persisted = PluginJson.writeHandle(handle);
        return handle();
    }

    /** The persisted handle, read back as the engine reads it before every poll. */
    public H handle() {
        if (persisted == null) {
            throw new IllegalStateException("nothing submitted yet");
        }
        try {
            return PluginJson.readHandle(persisted, plugin.handleType());
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the persisted handle " + persisted + " cannot be read back as "
                    + plugin.handleType().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The handle as persisted (JSON). */
    public JsonNode persistedHandle() {
        return persisted;
    }

    /** One poll with the handle read back from JSON. */
    public TaskStatus poll() {
        TaskStatus status = await(plugin.poll(ctx, handle()), "poll");
        if (status == null) {
            throw new AssertionError("poll returned no status");
        }
        statuses.add(status);
        return status;
    }

    /**
     * Polls until the status is terminal, advancing the clock by {@code step} before each poll
     * after the first.
     *
     * @throws AssertionError when {@code maxPolls} polls did not reach the end
     */
    public TaskStatus pollUntilDone(Duration step, int maxPolls) {
        for (int i = 0; i < maxPolls; i++) {
            if (i > 0) {
                clock.advance(step);
            }
            TaskStatus s = poll();
            if (s.phase().isTerminal()) {
                return s;
            }
        }
        throw new AssertionError("not done after " + maxPolls + " polls; statuses: " + statuses);
    }

    /** Cancels the work with the persisted handle. */
    public void cancel() {
        await(plugin.cancel(ctx, handle()), "cancel");
    }

    /**
     * The same attempt after Kite restarted: {@code fresh} (a new instance of the plugin, or the same)
     * continues from the persisted handle only, with no state of this driver's plugin.
     */
    public AsyncRun<C, H> restart(AsyncPlugin<C, H> fresh) {
        if (persisted == null) {
            throw new IllegalStateException("nothing submitted yet: after a restart the engine would submit again");
        }
        return new AsyncRun<>(fresh, ctx, clock, persisted.deepCopy());
    }

    /** Every status polled so far, in order. */
    public List<TaskStatus> statuses() {
        return List.copyOf(statuses);
    }

    /** A failed {@code Uni} (a {@link TaskException} too) is rethrown: the engine counts it as a failed operation. */
    private static <T> T await(Uni<T> uni, String what) {
        return uni.await().atMost(OPERATION_TIMEOUT);
    }
}
