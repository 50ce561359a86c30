package dev.kite.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.spi.TaskError;

/**
 * What the rooms that run attempts report upward, so that they never depend on the room that
 * decides what follows ({@link Conductor} implements it).
 */
interface AttemptOutcomes {

    /** An attempt ended with outputs ({@code error == null}) or an error. */
    void ended(Run run, Attempt a, ObjectNode outputs, TaskError error);

    /** A write was fenced off: the execution is no longer this process's. */
    void lost(Run run);

    /** A write failed after its guard's retries: leave the run to a later sweep. */
    void persistFailed(Run run, Throwable failure);
}
