package dev.kite.spi;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.data.DataStore;

/**
 * Everything a plugin may know about the attempt it runs.
 *
 * @param <C> the plugin's config class
 */
public interface TaskContext<C> {

    /** The registered task being run. */
    TaskTemplate task();

    default TaskId taskId() {
        return task().id();
    }

    /** The execution's id. */
    UUID executionId();

    /** The task's {@code config}, bound to the plugin's config class and validated. */
    C config();

    /**
     * What {@link TaskPlugin#prepare} made of the task's config, computed once per task version, or
     * null when the plugin prepares nothing. The type is the plugin's own:
     * {@code Spec spec = ctx.prepared();}.
     */
    default <P> P prepared() {
        return null;
    }

    /** The inputs, checked against the interface and in canonical form (defaults filled in). */
    ObjectNode inputs();

    /** 0 for the first attempt, 1 for the first retry, ... */
    int attempt();

    /**
     * A name unique to this attempt and the same every time the engine asks for it (also after a
     * restart): use it as the remote object's name or the idempotency key of a submission.
     * Lower-case letters, digits and '-', at most 63 characters (a valid Kubernetes name).
     */
    String generatedName();

    /** A name unique to the execution, the same across attempts (an idempotency key for side effects). */
    String executionKey();

    /** The execution's start time: the same across retries. Use it instead of the wall clock. */
    Instant startTime();

    /** A random seed drawn once per execution: the same across retries. */
    long seed();

    /**
     * Whether this attempt may run on preemptible capacity. False on the last system attempt,
     * even for an interruptible task.
     */
    boolean interruptible();

    /** When this attempt times out (the engine enforces it; plugins may pass it on). */
    Instant deadline();

    /** A secret by name from Kite's secret store, resolved at run time; never logged. */
    Optional<String> secret(String name);

    /**
     * This attempt's raw output location in the data store: a prefix URI ending in {@code /},
     * unique to the attempt and the same every time it is asked (also after a restart), e.g.
     * {@code file:///var/lib/kite/data/raw/demo/development/<execution>/0/}. Write files under it
     * and return {@code blob}/{@code dataset} outputs whose {@code uri} points there.
     */
    URI rawOutputPrefix();

    /** The data store: reads blob/dataset inputs, writes outputs under {@link #rawOutputPrefix()}. */
    DataStore data();

    /**
     * The errors of this execution's earlier attempts, oldest first: one entry per attempt before
     * {@link #attempt()} that failed (an attempt that ended without an error leaves none). A plugin
     * derives what the next attempt should do differently from them, e.g. more memory after an
     * {@code OOM_KILLED}. Empty for the first attempt, and by default.
     */
    default List<TaskError> previousErrors() {
        return List.of();
    }

    /**
     * The trace of this plugin call: hand {@link TaskTrace#traceparent()} on to the work the plugin
     * starts (an HTTP request's {@code traceparent} header, the {@code TRACEPARENT} variable of a pod
     * or child process) and wrap remote calls in {@link TaskTrace#span}. {@link TaskTrace#NONE} when
     * tracing is off, and by default.
     */
    default TaskTrace trace() {
        return TaskTrace.NONE;
    }
}
