package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.model.FieldErrors;
import dev.kite.model.Graph;
import dev.kite.model.RetryBackoff;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.spi.TaskError;

/**
 * Drives an admitted run through the state machine of {@link Phase}: prepares it (plugin, config,
 * cache decision), starts each attempt once its RUNNING state is persisted, and on an attempt's
 * end checks the outputs, then stores them in the cache and finishes, or asks {@link RetryPolicy}
 * whether and when the next attempt comes. Attempt timeouts and the deadline are armed here; what
 * ends a run goes through {@link Finishing}. Every state it acts on has been persisted first
 * ({@link Journal}), so a restart or a takeover rebuilds the same next step from the database.
 */
final class Conductor implements AttemptOutcomes {

    private static final Logger LOG = Logger.getLogger(Conductor.class);

    private final EngineParts parts;
    private final Admission admission;
    private final Journal journal;
    private final Timers timers;
    private final Shapes shapes;
    private final Memoizer memoizer;
    private final Cancellation cancellation;
    private final Finishing finishing;
    private final Attempts attempts;
    private final Polling polling;
    private final KiteConfig.Retry retry;
    /** The graphs of dynamic tasks (a room above this one, handed in once wired). */
    private GraphSteps graphs;

    Conductor(EngineParts parts, Admission admission, Journal journal, Timers timers, Shapes shapes, Memoizer memoizer,
            Cancellation cancellation, Finishing finishing) {
        this.parts = parts;
        this.admission = admission;
        this.journal = journal;
        this.timers = timers;
        this.shapes = shapes;
        this.memoizer = memoizer;
        this.cancellation = cancellation;
        this.finishing = finishing;
        this.retry = parts.config().retry();
        this.polling = new Polling(parts, shapes, admission, this, journal);
        this.attempts = new Attempts(parts, shapes, journal, polling, cancellation, this);
        admission.onStart(run -> ExecutionMdc.during(run, () -> begin(run)));
    }

    Polling polling() {
        return polling;
    }

    void graphs(GraphSteps steps) {
        this.graphs = steps;
    }

    /** Takes the run in: it starts now or when its queue's turn comes; its deadline runs from now on. */
    void admit(Run run) {
        if (admission.isLocal(run.id)) {
            return;
        }
        timers.armDeadline(run, () -> {
            parts.metrics().timeout("deadline");
            finishing.stop(run, Phase.TIMED_OUT,
                    TaskError.user("DEADLINE", "the execution ran past its deadline of " + run.task.metadata().deadline()))
                    .subscribe().with(x -> { }, f -> LOG.warnf(f, "deadline of %s", run.id));
        });
        admission.admit(run);
    }

    /**
     * Starts or resumes a run that got its slot, according to its persisted state. An open run of
     * a type whose plugins' start-up checks still run (decision 0042) waits for them first, so that
     * no step of it (a first attempt, a reattach, a due retry) reaches a plugin before the type is
     * settled; a run ended or handed back meanwhile is left to whoever did that.
     */
    void begin(Run run) {
        if (!run.phase().isTerminal() && !parts.plugins().settled(run.task.type())) {
            parts.plugins().whenSettled(run.task.type(), () -> parts.clock().schedule(0, () -> beginIfStillHere(run)));
            return;
        }
        if (run.inputsAreStored) {
            // resumed from its row: offloaded inputs are read back once, before anything runs (the
            // values read back are the task's, never references again)
            run.inputsAreStored = false;
            if (parts.data().offloaded(run.inputs)) {
                parts.data().resolve(run.inputs).subscribe().with(resolved -> {
                    run.inputs = resolved;
                    begin(run);
                }, f -> finishing.finish(run, Phase.FAILED, TaskError.system("INPUTS_UNAVAILABLE",
                        "the offloaded inputs could not be read back: " + f.getMessage()), null));
                return;
            }
        }
        parts.telemetry().began(run);
        try {
            Attempt last = run.current();
            if (run.phase().isTerminal()) {
                finishing.lost(run);
            } else if (run.phase() == Phase.QUEUED || run.phase() == Phase.WAITING_FOR_CACHE) {
                prepare(run);
            } else if (run.phase() == Phase.RUNNING_NODES) {
                graphs.resume(run);
            } else if (last != null && last.running()) {
                if (attempts.reattach(run, last)) {
                    timers.armAttemptTimeout(run, last, () -> onAttemptTimeout(run, last));
                }
            } else {
                Instant at = run.nextAt == null ? parts.clock().now() : run.nextAt;
                Attempt.Budget budget = RetryPolicy.nextBudget(last);
                timers.armRetry(run, at, () -> startAttempt(run, budget));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s could not start", run.id);
            finishing.finish(run, Phase.FAILED, TaskError.systemFatal("ENGINE_ERROR", "the engine could not start the execution: " + e), null);
        }
    }

    /** First steps: plugin, config, cache; then the first attempt. */
    private void prepare(Run run) {
        Optional<PluginRegistry.Entry> entry = shapes.entry(run);
        if (entry.isEmpty()) {
            finishing.finish(run, Phase.FAILED, TaskError.systemFatal("NO_PLUGIN", "no plugin runs task type '"
                    + run.task.type() + "' in this Kite (known: " + parts.plugins().knownTypes() + ")"), null);
            return;
        }
        if (!entry.get().healthy()) {
            finishing.finish(run, Phase.FAILED, TaskError.systemFatal("PLUGIN_UNHEALTHY",
                    "plugin " + entry.get().name() + " is unhealthy: " + entry.get().problem()), null);
            return;
        }
        FieldErrors errors = new FieldErrors();
        shapes.bind(run, entry.get().plugin(), errors);
        if (!errors.isEmpty()) {
            finishing.finish(run, Phase.FAILED, TaskError.user("INVALID_CONFIG", Shapes.describe(errors)), null);
            return;
        }
        decideCache(run);
    }

    /**
     * Before a new run is written: the cached outputs that end it at once (decision 0038), or null
     * (no hit, or a run that {@link #prepare} would fail: no plugin, an unhealthy one or one still
     * checked at start-up, a config that does not bind; it is written QUEUED and fails or waits
     * there, as before).
     */
    Uni<dev.kite.cache.CacheStore.Entry> hitFirst(Run run) {
        if (run.task.metadata().cache() == null || run.overwriteCache) {
            return Uni.createFrom().nullItem();
        }
        Optional<PluginRegistry.Entry> entry = shapes.entry(run);
        if (entry.isEmpty() || !entry.get().healthy()) {
            return Uni.createFrom().nullItem();
        }
        FieldErrors errors = new FieldErrors();
        shapes.bind(run, entry.get().plugin(), errors);
        return errors.isEmpty() ? memoizer.lookUpFirst(run) : Uni.createFrom().nullItem();
    }

    /**
     * A run written already ended by a hit ({@link #hitFirst}): counted and reported like one that
     * ended here (a graph's child is not a submission, as when it is admitted).
     */
    void endedFromCache(Run run) {
        memoizer.countHit();
        if (run.lineage == null) {
            parts.telemetry().submitted(run);
        }
        synchronized (run) {
            parts.telemetry().executionEnded(run, run.phase());
        }
    }

    private void decideCache(Run run) {
        memoizer.decide(run).subscribe().with(decision -> {
            if (decision instanceof CacheDecision.Hit hit) {
                finishing.finish(run, Phase.SUCCEEDED, null, hit.outputs());
            } else if (decision instanceof CacheDecision.Wait) {
                waitForCache(run);
            } else {
                startAttempt(run, Attempt.Budget.NONE);
            }
        }, failure -> startAttempt(run, Attempt.Budget.NONE));
    }

    private void waitForCache(Run run) {
        boolean first;
        synchronized (run) {
            if (!stillHere(run)) {
                return;
            }
            first = run.phase() != Phase.WAITING_FOR_CACHE;
            if (first) {
                run.moveTo(Phase.WAITING_FOR_CACHE);
                run.event(null, Phase.WAITING_FOR_CACHE.name(), "an identical execution is running; waiting for its outputs");
            }
        }
        if (!first) {
            lookAgainLater(run);
            return;
        }
        journal.write(run).subscribe().with(applied -> {
            if (applied) {
                lookAgainLater(run);
            } else {
                lost(run);
            }
        }, f -> {
            // the phase is only shown late; waiting on is better than leaving the run stranded
            LOG.warnf("could not persist that %s waits for the cache: %s", run.id, f);
            lookAgainLater(run);
        });
    }

    private void lookAgainLater(Run run) {
        timers.after(parts.config().cache().waitPollInterval().toMillis(), () -> {
            if (stillHere(run)) {
                decideCache(run); // not when aborted, timed out or taken by another process meanwhile
            }
        });
    }

    private void beginIfStillHere(Run run) {
        ExecutionMdc.during(run, () -> {
            if (stillHere(run)) {
                begin(run);
            }
        });
    }

    /** The run is still driven here and open (not ended, lost or handed back). */
    private boolean stillHere(Run run) {
        return !run.isReleased() && !run.phase().isTerminal() && admission.local(run.id) == run;
    }

    void startAttempt(Run run, Attempt.Budget budget) {
        Attempt a;
        synchronized (run) {
            if (run.phase().isTerminal() || !stillHere(run)) {
                return;
            }
            int number = run.attempts.size();
            boolean lastSystem = RetryPolicy.systemBudgetSpent(run.attempts, retry.systemRetries());
            a = new Attempt(number, run.attemptName(number), budget, run.task.metadata().interruptible() && !lastSystem);
            a.startedAt = parts.clock().now();
            a.deadline = a.startedAt.plus(attemptTimeout(run.task));
            run.attempts.add(a);
            parts.telemetry().attemptStarted(run, a);
            run.moveTo(Phase.RUNNING);
            run.nextAt = null;
            run.event(number, Phase.RUNNING.name(), budget == Attempt.Budget.NONE ? null
                    : "retry paid by the " + budget.name().toLowerCase() + " budget");
        }
        long delay = parts.config().engine().runningWriteDelay().toMillis();
        if (delay > 0 && attempts.inProcess(run) && !run.task.metadata().dynamic()) {
            // in-process work is lost with its process whether RUNNING was written or not, and a
            // restart runs it again from the persisted QUEUED: an attempt that ends within the
            // delay has its RUNNING written with its end (decision 0027)
            timers.armAttemptTimeout(run, a, () -> onAttemptTimeout(run, a));
            timers.after(delay, () -> persistRunning(run, a));
            attempts.act(run, a);
            return;
        }
        journal.write(run).subscribe().with(applied -> {
            if (!applied) {
                lost(run);
                return;
            }
            timers.armAttemptTimeout(run, a, () -> onAttemptTimeout(run, a));
            attempts.act(run, a);
        }, failure -> persistFailed(run, failure));
    }

    /** Writes the RUNNING state of an in-process attempt that outlived the delay (and is visible as running from then on). */
    private void persistRunning(Run run, Attempt a) {
        synchronized (run) {
            if (!a.running() || !stillHere(run)) {
                return;
            }
        }
        journal.writeLate(run).subscribe().with(applied -> {
            if (!applied && !run.phase().isTerminal()) {
                lost(run); // fenced off while it runs: another process owns it now
            }
        }, f -> LOG.warnf("could not write that %s runs: %s (its end is written when it ends)", run.id, f));
    }

    private Duration attemptTimeout(TaskTemplate task) {
        Duration t = task.metadata().timeout();
        return t != null ? t : retry.defaultAttemptTimeout();
    }

    /**
     * Outputs are settled first: coerced against the interface, blob and dataset outputs checked
     * to exist, large ones offloaded ({@link TaskData#settleOutputs}).
     */
    @Override
    public void ended(Run run, Attempt a, ObjectNode outputs, TaskError error) {
        if (error != null) {
            recorded(run, a, null, error);
            return;
        }
        if (run.task.metadata().dynamic() && outputs != null && outputs.has(Graph.OUTPUT_KEY)) {
            graphs.answered(run, a, outputs);
            return;
        }
        parts.data().settleOutputs(run.task, run.id, a.number, outputs).subscribe().with(
                settled -> recorded(run, a, settled.outputs(), settled.error()),
                f -> recorded(run, a, null, TaskError.system("DATA_STORE_UNAVAILABLE", "the outputs could not be stored: " + f)));
    }

    /** The one place where an attempt's end becomes the execution's next state. */
    private void recorded(Run run, Attempt a, ObjectNode checked, TaskError error) {
        synchronized (run) {
            if (!endAttempt(run, a, error)) {
                return;
            }
            run.event(a.number, a.phase, error == null ? null : error.code() + ": " + error.message());
        }
        if (error == null) {
            ObjectNode out = checked;
            memoizer.afterSuccess(run, out).subscribe().with(x -> finishing.finish(run, Phase.SUCCEEDED, null, out),
                    f -> finishing.finish(run, Phase.SUCCEEDED, null, out));
        } else {
            failedAttempt(run, a, error, Phase.FAILED);
        }
    }

    /** Records the end of a running attempt (under the run's lock); false when it ended already. */
    private boolean endAttempt(Run run, Attempt a, TaskError error) {
        if (!a.running() || run.phase().isTerminal()) {
            return false;
        }
        a.endedAt = parts.clock().now();
        timers.cancelAttemptTimers(run);
        run.work = null;
        run.blockingWork = null;
        String phase = error == null ? Phase.SUCCEEDED.name() : Phase.FAILED.name();
        a.phase = phase;
        a.error = error;
        parts.telemetry().attemptEnded(run, a, phase);
        return true;
    }

    /** A dynamic task's graph did not compile: the attempt fails with {@code error} (retried per its kind). */
    void graphRejected(Run run, Attempt a, TaskError error) {
        recorded(run, a, null, error);
    }

    /**
     * A dynamic task's graph compiled (and is stored): its attempt succeeded and the run moves to
     * RUNNING_NODES; once that is persisted, {@code then} starts the nodes.
     */
    void graphCompiled(Run run, Attempt a, String note, Runnable then) {
        synchronized (run) {
            if (!endAttempt(run, a, null)) {
                return;
            }
            run.moveTo(Phase.RUNNING_NODES);
            run.event(a.number, Phase.RUNNING_NODES.name(), note);
        }
        journal.write(run).subscribe().with(applied -> {
            if (applied) {
                then.run();
            } else {
                lost(run);
            }
        }, f -> persistFailed(run, f));
    }

    /** A dynamic task's graph ended: its outputs are settled and cached like an attempt's, or it fails with {@code error}. */
    void graphEnded(Run run, ObjectNode outputs, TaskError error) {
        if (error != null) {
            finishing.finish(run, Phase.FAILED, error, null);
            return;
        }
        Attempt last = run.current();
        parts.data().settleOutputs(run.task, run.id, last == null ? 0 : last.number, outputs).subscribe().with(settled -> {
            if (settled.error() != null) {
                finishing.finish(run, Phase.FAILED, settled.error(), null);
                return;
            }
            memoizer.afterSuccess(run, settled.outputs()).subscribe().with(
                    x -> finishing.finish(run, Phase.SUCCEEDED, null, settled.outputs()),
                    f -> finishing.finish(run, Phase.SUCCEEDED, null, settled.outputs()));
        }, f -> finishing.finish(run, Phase.FAILED, TaskError.system("DATA_STORE_UNAVAILABLE", "the outputs could not be stored: " + f), null));
    }

    private void onAttemptTimeout(Run run, Attempt a) {
        Uni<Void> cancelled;
        TaskError error;
        Phase phase;
        synchronized (run) {
            if (!a.running() || run.phase().isTerminal()) {
                return;
            }
            // still submitting: the platform never took the work, so the time is not the task's
            // (an unreachable cluster or service), and the system budget pays
            phase = a.submitting ? Phase.FAILED : Phase.TIMED_OUT;
            error = a.submitting
                    ? TaskError.system("SUBMIT_TIMEOUT", "the plugin for type '" + run.task.type() + "' did not accept attempt "
                            + a.number + " within the attempt's timeout of " + attemptTimeout(run.task)
                            + " (its infrastructure is unreachable or slow)")
                    : TaskError.userRecoverable("TIMEOUT", "attempt " + a.number + " ran past its timeout of "
                            + attemptTimeout(run.task));
            parts.metrics().timeout("attempt");
            a.phase = phase.name();
            a.endedAt = parts.clock().now();
            a.error = error;
            parts.telemetry().attemptEnded(run, a, phase.name());
            run.event(a.number, phase.name(), error.message());
            cancelled = cancellation.cancelWork(run, a);
        }
        cancelled.subscribe().with(x -> failedAttempt(run, a, error, phase), f -> failedAttempt(run, a, error, phase));
    }

    /** Retry per {@link RetryPolicy}, or end the execution with {@code terminal}. */
    private void failedAttempt(Run run, Attempt a, TaskError error, Phase terminal) {
        RetryPolicy.Decision decision;
        synchronized (run) {
            var r = retry;
            RetryBackoff defaults = new RetryBackoff(r.initialBackoff(), r.maxBackoff(), r.backoffFactor(), r.backoffJitter());
            RetryPolicy.Limits limits = new RetryPolicy.Limits(run.task.metadata().retries(), r.systemRetries(),
                    RetryPolicy.backoff(run.task.metadata().retryBackoff(), defaults));
            decision = RetryPolicy.decide(run.attempts, error, limits, parts.clock().now(), new SplittableRandom());
            if (decision.retry()) {
                run.nextAt = decision.at();
                run.event(a.number, "RETRY_SCHEDULED", "attempt " + (a.number + 1) + " at " + decision.at() + " ("
                        + decision.budget().name().toLowerCase() + " budget)");
            }
        }
        if (!decision.retry()) {
            finishing.finish(run, terminal, error, null, decision.reason(), null);
            return;
        }
        parts.metrics().retry(decision.budget());
        journal.write(run).subscribe().with(applied -> {
            if (!applied) {
                lost(run);
                return;
            }
            finishing.cleanUp(run, a);
            timers.armRetry(run, decision.at(), () -> startAttempt(run, decision.budget()));
        }, f -> persistFailed(run, f));
    }

    /** Aborts a run driven here. */
    Uni<Void> abort(Run run) {
        return finishing.stop(run, Phase.ABORTED, TaskError.user("ABORTED", "aborted on request"));
    }

    @Override
    public void lost(Run run) {
        finishing.lost(run);
    }

    @Override
    public void persistFailed(Run run, Throwable failure) {
        finishing.persistFailed(run, failure);
    }
}
