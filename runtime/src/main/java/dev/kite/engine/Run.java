package dev.kite.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * (timers, a plugin call). State changes happen under the object's lock.
 */
final class Run {

    final UUID id;
    final TaskTemplate task;
    /** The inputs in full (offloaded ones read back before the first attempt). */
    ObjectNode inputs;
    /** The inputs as stored (offloaded ones as references), when known. */
    String storedInputs;
    final Instant startTime;
    final long seed;
    final boolean overwriteCache;
    final Instant deadlineAt;
    final Instant createdAt;

    /** The client's name for the execution, or null. */
    String clientName;
    /**
     * The row as this process last wrote it when the execution ended here (null until then, or
     * when the end was fenced off): a long-poll that waited here answers from it without a read.
     */
    volatile ExecutionRow endRow;

    Phase phase;
    final List<Attempt> attempts = new ArrayList<>();
    ObjectNode outputs;
    TaskError error;
    String errorMessage;
    CacheStatus cacheStatus;
    String cacheKey;
    UUID cacheSource;
    Instant nextAt;

    /** Events not yet persisted. */
    private ArrayNode pendingEvents = JsonNodeFactory.instance.arrayNode();

    // local work
    Object config;
    long attemptTimer = -1;
    long deadlineTimer = -1;
    long retryTimer = -1;
    long pollTimer = -1;
    Cancellable work;
    Future<?> blockingWork;
    int failedPolls;
    /** A watch event arrived while a poll was in flight. */
    boolean nudged;
    int polls;
    final CompletableFuture<Void> finished = new CompletableFuture<>();

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
        int n = 0;
        for (Attempt a : attempts) {
            if (a.budget == budget) {
                n++;
            }
        }
        return n;
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
    StateChange snapshot(String owner) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Attempt a : attempts) {
            list.add(a.toJson());
        }
        ArrayNode events = pendingEvents;
        pendingEvents = JsonNodeFactory.instance.arrayNode();
        return new StateChange(id, owner, phase.name(), phase.isTerminal(),
                outputs == null ? null : Canonical.json(outputs),
                error == null ? null : errorJson().toString(),
                list.toString(), events.toString(),
                cacheStatus == null ? null : cacheStatus.name(), cacheKey, cacheSource,
                nextAt == null ? null : OffsetDateTime.ofInstant(nextAt, ZoneOffset.UTC),
                // the database keeps microseconds: what is written is what is read back
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    /** The stored row after {@code change} (this run's final state) was applied by {@code owner}. */
    ExecutionRow rowAfter(StateChange change, String owner) {
        return new ExecutionRow(id, task.id().project(), task.id().domain(), task.id().name(), task.id().version(),
                clientName, change.phase(), change.done(), storedInputs != null ? storedInputs : Canonical.json(inputs), change.outputs(), change.error(),
                change.attempts(), change.cacheStatus(), change.cacheKey(), change.cacheSource(), overwriteCache,
                utc(startTime), seed, owner, change.nextAt(), deadlineAt == null ? null : utc(deadlineAt), 0,
                utc(createdAt), change.updatedAt());
    }

    private static OffsetDateTime utc(Instant i) {
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
