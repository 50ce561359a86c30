package dev.kite.engine;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.spi.Backoff;
import dev.kite.model.RetryBackoff;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/**
 * Follows a submitted async attempt to its end: polls its status with a growing delay
 * ({@code kite.engine.poll-*}), rationed per plugin by a token bucket; a Kubernetes attempt is
 * read from the watch's cache and polled at once when the watch sees its object change
 * ({@link #nudge}). Too many failed polls in a row end the attempt as a SYSTEM error. Reports the
 * end through {@link AttemptOutcomes}.
 */
final class Polling {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Polling.class);

    private final EngineParts parts;
    private final Shapes shapes;
    private final Admission admission;
    private final Journal journal;
    private final AttemptOutcomes outcomes;
    private final KiteConfig.Engine config;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    Polling(EngineParts parts, Shapes shapes, Admission admission, AttemptOutcomes outcomes, Journal journal) {
        this.journal = journal;
        this.parts = parts;
        this.shapes = shapes;
        this.admission = admission;
        this.outcomes = outcomes;
        this.config = parts.config().engine();
    }

    @SuppressWarnings("rawtypes")
    void schedule(Run run, Attempt a, AsyncPlugin async, Duration delay) {
        // under the run's lock from setting the timer to recording it: the timer (which takes the
        // lock first) then always sees its own id, and a timer replaced by a nudge is a no-op
        synchronized (run) {
            // a watch event came while the last poll was in flight: read again at once
            long ms = run.nudged ? 1 : Math.max(1, delay.toMillis());
            run.nudged = false;
            long[] self = new long[1];
            self[0] = parts.clock().schedule(ms, ExecutionMdc.wrap(run, () -> poll(run, a, async, self[0])));
            run.pollTimer = self[0];
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void poll(Run run, Attempt a, AsyncPlugin async, long timer) {
        synchronized (run) {
            if (run.pollTimer != timer) {
                return; // cancelled or replaced (a nudge) after it fired
            }
            run.pollTimer = -1;
            if (!a.running() || !admission.isLocal(run.id)) {
                return;
            }
        }
        // a Kubernetes plugin's poll reads the watch's cache: no remote call to ration
        long wait = Shapes.watched(async) ? 0 : buckets.computeIfAbsent(async.name(),
                n -> new TokenBucket(config.pollRatePerSecond())).take();
        if (wait > 0) {
            schedule(run, a, async, Duration.ofMillis(wait));
            return;
        }
        Object handle;
        try {
            handle = shapes.handle(async, a);
        } catch (IllegalArgumentException e) {
            outcomes.ended(run, a, null, TaskError.systemFatal("BAD_HANDLE", "the persisted handle cannot be read: " + e.getMessage()));
            return;
        }
        Uni<TaskStatus> poll = parts.telemetry().call(run, a, "poll", async.name(), shapes.context(run, a),
                c -> parts.guards().plugin(async.name(), () -> async.poll(c, handle)));
        poll.subscribe().with(status -> onPoll(run, a, async, status), failure -> onFailedPoll(run, a, async, failure));
    }

    @SuppressWarnings("rawtypes")
    private void onFailedPoll(Run run, Attempt a, AsyncPlugin async, Throwable failure) {
        int failed;
        synchronized (run) {
            failed = ++run.failedPolls;
        }
        if (failed >= config.maxFailedPolls()) {
            outcomes.ended(run, a, null, TaskError.system("POLL_FAILED", failed + " status polls in a row failed; last: " + failure));
        } else {
            schedule(run, a, async, delay(run));
        }
    }

    @SuppressWarnings("rawtypes")
    private void onPoll(Run run, Attempt a, AsyncPlugin async, TaskStatus status) {
        synchronized (run) {
            run.failedPolls = 0;
            run.polls++;
        }
        if (status == null) {
            schedule(run, a, async, delay(run));
            return;
        }
        boolean changed;
        synchronized (run) {
            // a failure's message is its error's; a success may say something of its own (an array
            // job's failed children), kept with the end like a sync plugin's result message
            changed = AttemptReports.record(a, status.phase() == TaskStatus.Phase.FAILED ? null : status.message(),
                    status.links());
        }
        switch (status.phase()) {
            case SUCCEEDED -> outcomes.ended(run, a, status.outputs(), null);
            case FAILED -> outcomes.ended(run, a, null, status.error());
            default -> {
                if (changed) {
                    journal.write(run).subscribe().with(applied -> { },
                            f -> LOG.warnf("could not persist the progress of %s attempt %d: %s", run.id, a.number, f));
                }
                schedule(run, a, async, AttemptReports.nextPoll(status.pollAfter(), delay(run), config.pollInitial(),
                        config.pollMax()));
            }
        }
    }

    private Duration delay(Run run) {
        RetryBackoff policy = new RetryBackoff(config.pollInitial(), config.pollMax(), 1.5, 0.1);
        return Backoff.delay(policy, run.polls, new SplittableRandom());
    }

    /** The watch saw the object of an execution change: poll it now instead of at its next turn. */
    void nudge(Run run) {
        Attempt a;
        synchronized (run) {
            a = run.current();
            if (a == null || !a.running() || a.handle == null) {
                return;
            }
            if (run.pollTimer < 0) {
                run.nudged = true; // a poll is in flight: the next one follows at once
                return;
            }
            parts.clock().cancel(run.pollTimer);
            run.pollTimer = -1;
        }
        AsyncPlugin<?, ?> async = shapes.async(run);
        if (async != null) {
            schedule(run, a, async, Duration.ZERO);
        }
    }
}
