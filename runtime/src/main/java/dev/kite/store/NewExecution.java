package dev.kite.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A submitted execution, as first written: QUEUED, or already ended (a cache hit, decision 0038),
 * in the state {@code state} says, with its events.
 *
 * @param state the state it is written in (its owner is {@code owner}; its update time is the row's)
 * @param audit the audit row of the submission, written in the same statement when the execution
 *        is (its target is the execution's id), or null
 */
public record NewExecution(
        UUID id,
        String project,
        String domain,
        String name,
        String version,
        String clientName,
        StateChange state,
        String inputs,
        boolean overwriteCache,
        OffsetDateTime startTime,
        long seed,
        String owner,
        OffsetDateTime deadlineAt,
        OffsetDateTime createdAt,
        String submittedBy,
        ExecutionRow.Lineage lineage,
        AuditRow audit) {

    public String phase() {
        return state.phase();
    }

    public String events() {
        return state.events();
    }
}
