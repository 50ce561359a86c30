package dev.kite.engine;

import java.util.UUID;

import dev.kite.store.ExecutionRow;

/**
 * What a submission did, decided in one place ({@link Submission}): a new execution, an
 * existing one of the same client name with the same task and inputs (idempotent resubmission),
 * or a conflict with an existing one of that name (another task or other inputs).
 *
 * @param row the new execution as written, or the existing one
 */
public record Submitted(Outcome outcome, ExecutionRow row) {

    /** The three answers to a submission. */
    public enum Outcome { CREATED, EXISTING, CONFLICT }

    public UUID id() {
        return row.id();
    }

    public boolean created() {
        return outcome == Outcome.CREATED;
    }
}
