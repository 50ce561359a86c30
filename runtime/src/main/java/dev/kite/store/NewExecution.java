package dev.kite.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A submitted execution, as first written. */
public record NewExecution(
        UUID id,
        String project,
        String domain,
        String name,
        String version,
        String clientName,
        String phase,
        String inputs,
        boolean overwriteCache,
        OffsetDateTime startTime,
        long seed,
        String owner,
        String events,
        OffsetDateTime deadlineAt,
        OffsetDateTime createdAt,
        String submittedBy,
        ExecutionRow.Lineage lineage) {

    /** A root execution (no parent). */
    public NewExecution(UUID id, String project, String domain, String name, String version, String clientName, String phase,
            String inputs, boolean overwriteCache, OffsetDateTime startTime, long seed, String owner, String events,
            OffsetDateTime deadlineAt, OffsetDateTime createdAt, String submittedBy) {
        this(id, project, domain, name, version, clientName, phase, inputs, overwriteCache, startTime, seed, owner, events,
                deadlineAt, createdAt, submittedBy, null);
    }

    /** A submission without a recorded submitter. */
    public NewExecution(UUID id, String project, String domain, String name, String version, String clientName, String phase,
            String inputs, boolean overwriteCache, OffsetDateTime startTime, long seed, String owner, String events,
            OffsetDateTime deadlineAt, OffsetDateTime createdAt) {
        this(id, project, domain, name, version, clientName, phase, inputs, overwriteCache, startTime, seed, owner, events,
                deadlineAt, createdAt, null, null);
    }
}
