package dev.kite.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.subscription.Cancellable;

import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;
import dev.kite.store.ExecutionRow;
import dev.kite.store.StateChange;

/**
 * An execution this process drives: its state as persisted plus the local work in flight
 * (timers, a plugin call). State changes happen under the object's lock; the phase changes only
 * through {@link #moveTo}, which enforces {@link Phase}'s table. The end is a signal of its own
 * that waiters observe through copies ({@link #whenEnded}), so that no waiter can cancel it for the
 * others.
 */
final class Run {

    final UUID id;
    final TaskTemplate task;
    /** The inputs in full (offloaded ones read back before the first attempt). */
    ObjectNode inputs;
    /** The inputs as stored (offloaded ones as references), when known. */
    String storedInputs;
    /**
     * Whether {@link #inputs} are the stored form, read back from the row, whose references Kite
     * wrote and {@link Conductor} reads back once. A submission's inputs are the values as sent,
     * never read as references: a value shaped like one is the caller's data.
     */
    boolean inputsAreStored;
    final Instant startTime;
    final long seed;
    final boolean overwriteCache;
    final Instant deadlineAt;
    final Instant createdAt;

    /** The client's name for the execution, or null. */
    String clientName;
    /** Who submitted it, or null. */
    String submittedBy;
    /** Where it sits in a parent's graph; null for a root execution. */
    ExecutionRow.Lineage lineage;
    /** How deep in graphs it runs: 0 for a root, 1 for the child of a root, and so on. */
    int depth;
    /**
     * The row as this process last wrote it when the execution ended here (null until then, or
     * when the end was fenced off): a long-poll that waited here answers from it without a read.
     */
    volatile ExecutionRow endRow;

    /** Read without the lock by checks that only look (the lock orders the changes). */
    private volatile Phase phase;
    final List<Attempt> attempts = new ArrayList<>();
    ObjectNode outputs;
    TaskError error;
    String errorMessage;
    CacheStatus cacheStatus;
    String cacheKey;
    UUID cacheSource;
    Instant nextAt;

    /** The canonical JSON of the inputs, computed once. */
    private String inputsJson;

    /** Events not yet persisted. */
    private ArrayNode pendingEvents = JsonNodeFactory.instance.arrayNode();

    // local work
    Object config;
    /** What the plugin prepared of the config (once per task version), or null. */
    Object prepared;
    long attemptTimer = -1;
    long deadlineTimer = -1;
    long retryTimer = -1;
    long pollTimer = -1;
    Cancellable work;
    Future<?> blockingWork;
    /** The late RUNNING write of an in-process attempt until it is answered (under the lock; {@link Journal#writeLate}). */
    java.util.concurrent.CompletableFuture<Void> laterWrite;
    int failedPolls;
    /** A watch event arrived while a poll was in flight. */
    boolean nudged;
    int polls;
    /** The cache step was told to wait at least once (counted once). */
    boolean cacheWaited;
    /** The lookup before the run was written found nothing ({@link Memoizer#lookUpFirst}): the cache step does not look again. */
    boolean missedFirst;
    /** How the lookup before the run was written failed, for the cache step to act on (once). */
    Throwable firstLookupFailure;
    /** A reservation call was made: the run may hold the reservation and releases it at its end. */
    boolean mayHoldReservation;
    /** The execution's span while traced here (see {@link Telemetry}), or null. */
    io.opentelemetry.api.trace.Span span;
    /** When the cache first failed this run's cache step (cache calls are repeated while it is only slow). */
    Instant cacheTroubleSince;
    /** Completed once, when the run leaves this process (ended, lost or handed back to a sweep). */
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    Run(UUID id, TaskTemplate task, ObjectNode inputs, Instant startTime, long seed, boolean overwriteCache,
            Instant deadlineAt, Instant createdAt, Phase phase) {
        this.id = id;
        this.task = task;
        this.inputs = inputs;
        this.startTime = startTime;
        this.seed = seed;
        this.overwriteCache = overwriteCache;
        this.deadlineAt = deadlineAt;
        this.createdAt = createdAt;
        this.phase = phase;
    }

    Phase phase() {
        return phase;
    }

    /**
     * The one way a phase changes: throws {@link Phase.IllegalTransitionException} for a
     * transition outside {@link Phase#next()} (a bug, which tests must see).
     */
    void moveTo(Phase to) {
        if (!phase.allows(to)) {
            throw new Phase.IllegalTransitionException(id, phase, to);
        }
        phase = to;
    }

    /**
     * Completes when the run leaves this process. Each call answers a new copy: cancelling it (a
     * long-poll that timed out) never touches the run's own signal or another waiter's.
     */
    CompletionStage<Void> whenReleased() {
        return released.copy();
    }

    /** Signals the waiters; called once, when the run leaves this process. */
    void markReleased() {
        released.complete(null);
    }

    boolean isReleased() {
        return released.isDone();
    }

    static String executionKey(UUID id) {
        return "kite-" + id.toString().replace("-", "");
    }

    /** Deterministic per attempt, a valid Kubernetes name (≤ 63 chars). */
    String attemptName(int number) {
        return executionKey(id) + "-" + number;
    }

    Attempt current() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    int used(Attempt.Budget budget) {
        return RetryPolicy.used(attempts, budget);
    }

    void event(Integer attempt, String phase, String message) {
        ObjectNode e = pendingEvents.addObject();
        e.put("at", Instant.now().toString());
        if (attempt != null) {
            e.put("attempt", attempt);
        }
        e.put("phase", phase);
        if (message != null) {
            e.put("message", message);
        }
    }

    /** The state to persist now, with the events recorded since the last snapshot. */
    StateChange snapshot(String owner, Instant now) {
        ArrayNode events = pendingEvents;
        pendingEvents = JsonNodeFactory.instance.arrayNode();
        // the database keeps microseconds: what is written is what is read back
        return state(owner, events.toString(), utc(now.truncatedTo(ChronoUnit.MICROS)));
    }

    /** The state as a change, with {@code events} to append. */
    StateChange state(String owner, String events, OffsetDateTime updatedAt) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Attempt a : attempts) {
            list.add(a.toJson());
        }
        return new StateChange(id, owner, phase.name(), phase.isTerminal(),
                outputs == null ? null : Canonical.json(outputs),
                error == null ? null : errorJson().toString(),
                list.toString(), events,
                cacheStatus == null ? null : cacheStatus.name(), cacheKey, cacheSource,
                nextAt == null ? null : OffsetDateTime.ofInstant(nextAt, ZoneOffset.UTC), updatedAt);
    }

    /** The events recorded and not yet persisted, as JSON text (the first write carries them). */
    String drainEvents() {
        ArrayNode events = pendingEvents;
        pendingEvents = JsonNodeFactory.instance.arrayNode();
        return events.toString();
    }

    String inputsJson() {
        if (inputsJson == null) {
            inputsJson = Canonical.json(inputs);
        }
        return inputsJson;
    }

    /** The stored row after {@code change} (this run's final state) was applied by {@code owner}. */
    ExecutionRow rowAfter(StateChange change, String owner) {
        return new ExecutionRow(id, task.id().project(), task.id().domain(), task.id().name(), task.id().version(),
                clientName, change.phase(), change.done(), storedInputs != null ? storedInputs : inputsJson(), change.outputs(), change.error(),
                change.attempts(), change.cacheStatus(), change.cacheKey(), change.cacheSource(), overwriteCache,
                utc(startTime), seed, owner, change.nextAt(), deadlineAt == null ? null : utc(deadlineAt), 0,
                utc(createdAt), change.updatedAt()).withSubmitter(submittedBy).withLineage(lineage);
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    ObjectNode errorJson() {
        ObjectNode n = Attempt.errorJson(error);
        if (errorMessage != null) {
            n.put("message", errorMessage);
        }
        return n;
    }

    static List<Attempt> attemptsFrom(JsonNode array) {
        List<Attempt> list = new ArrayList<>();
        if (array != null) {
            for (JsonNode n : array) {
                list.add(Attempt.fromJson(n));
            }
        }
        return list;
    }
}
