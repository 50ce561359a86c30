package dev.kite.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One persisted transition of an execution: its whole mutable state plus the events to append.
 * Applied only while {@code owner} still owns the execution and it is not done (fencing), so a
 * process that lost its lease cannot overwrite its successor's work.
 *
 * @param owner the expected owner, or null to apply whoever owns it (abort from any replica)
 */
public record StateChange(
        UUID id,
        String owner,
        String phase,
        boolean done,
        String outputs,
        String error,
        String attempts,
        String events,
        String cacheStatus,
        String cacheKey,
        UUID cacheSource,
        OffsetDateTime nextAt,
        OffsetDateTime updatedAt) {
}
