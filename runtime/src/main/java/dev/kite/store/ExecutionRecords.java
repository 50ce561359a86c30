package dev.kite.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What the engine needs of the execution store: writes fenced by ownership, the reads of
 * admission and takeover, and the node heartbeats. {@link ExecutionStore} keeps them in
 * PostgreSQL; the engine's unit tests keep them in memory.
 */
public interface ExecutionRecords {

    /** Writes a new execution; false when its client name is taken in its project and domain. */
    Uni<Boolean> insert(NewExecution e);

    /** Applies a transition; false when fenced off (done meanwhile, or owned by another process). */
    Uni<Boolean> update(StateChange c);

    Uni<Optional<ExecutionRow>> find(UUID id);

    /** The executions among {@code ids} that exist. */
    Uni<List<ExecutionRow>> findAll(Collection<UUID> ids);

    Uni<Optional<ExecutionRow>> findByClientName(String project, String domain, String clientName);

    /** The children of a dynamic execution (every node and map element written so far). */
    Uni<List<ExecutionRow>> children(UUID parent);

    /** Stores the compiled graph of a dynamic execution (again: replaced, before any child is written). */
    Uni<Void> saveGraph(UUID execution, String graph);

    /** The compiled graph of a dynamic execution, when it has one. */
    Uni<Optional<String>> graph(UUID execution);

    /** Records that {@code node} is alive. */
    Uni<Void> heartbeat(String node);

    /** Marks {@code node} as gone, so that others take its executions over at once. */
    Uni<Void> retire(String node);

    /** Open executions owned by {@code node}. */
    Uni<List<ExecutionRow>> owned(String node);

    /** Claims up to {@code limit} open executions whose owner stopped heartbeating for {@code lease}. */
    Uni<List<ExecutionRow>> claimOrphans(String node, Duration lease, int limit);
}
