package dev.kite.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@link Conductor} hands to the room of dynamic tasks ({@link Graphs}, a floor above it):
 * an attempt that answered a graph, and a run found in RUNNING_NODES when it starts here.
 */
interface GraphSteps {

    /** A dynamic task's attempt succeeded with {@code outputs} holding its graph: compile, store, run it. */
    void answered(Run run, Attempt a, ObjectNode outputs);

    /** A run in RUNNING_NODES got its slot here (a restart, a takeover): its graph resumes. */
    void resume(Run run);
}
