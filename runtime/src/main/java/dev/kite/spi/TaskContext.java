package dev.kite.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;

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
}
