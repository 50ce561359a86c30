package dev.kite.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.cache.CacheStore;
import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.store.AuditRow;
import dev.kite.store.ExecutionRow;
import dev.kite.store.NewExecution;
import dev.kite.store.StateChange;

/**
 * Takes a submission in: writes the new execution (QUEUED, owned by this node) and admits it.
 * The one owner of the idempotent-name rule (decision 0004): a client name already used in the
 * project and domain answers the existing execution when its task version and canonical inputs
 * are the same, a conflict otherwise; the store's unique index decides races. A run whose outputs
 * are cached is looked up before it is written and written ended, in one insert (decision 0038);
 * the submission's audit row, when given, is written in the same statement as the execution.
 */
final class Submission {

    private final EngineParts parts;
    private final Journal journal;
    private final Conductor conductor;

    Submission(EngineParts parts, Journal journal, Conductor conductor) {
        this.parts = parts;
        this.journal = journal;
        this.conductor = conductor;
    }

    Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache,
            String submittedBy, AuditRow audit) {
        UUID id = Ids.next();
        AuditRow about = audit == null ? null : audit.about(id.toString());
        // large inputs go to the data store first; the row keeps references, the run the values
        return parts.data().offloadInputs(task, id, inputs).chain(stored -> {
            Run run = queued(id, task, inputs, Canonical.json(stored), clientName, overwriteCache, submittedBy);
            return conductor.hitFirst(run).chain(hit -> hit == null ? submit(run, about) : submitHit(run, hit, about));
        });
    }

    /**
     * Writes the child execution of a graph node under its deterministic id: admitted, or, on a
     * cache hit found first, written already ended (as a submission's, decision 0038). The run
     * written, whose phase says which; null when it was written before (a resumed parent never
     * runs a node twice).
     */
    Uni<Run> child(UUID id, TaskTemplate task, ObjectNode inputs, Run parent, ExecutionRow.Lineage lineage) {
        return parts.data().offloadInputs(task, id, inputs).chain(stored -> {
            Run run = queued(id, task, inputs, Canonical.json(stored), null, false, parent.submittedBy);
            run.lineage = lineage;
            run.depth = parent.depth + 1;
            return conductor.hitFirst(run).chain(hit -> {
                StateChange state = hit == null ? run.state(parts.nodeId(), run.drainEvents(), Run.utc(run.createdAt))
                        : endedByHit(run, hit);
                return journal.insert(row(run, state, null)).map(created -> {
                    if (!created) {
                        return null;
                    }
                    if (hit == null) {
                        conductor.admit(run);
                    } else {
                        run.endRow = run.rowAfter(state, parts.nodeId());
                        conductor.endedFromCache(run);
                    }
                    return run;
                });
            });
        });
    }

    private Run queued(UUID id, TaskTemplate task, ObjectNode inputs, String storedInputs, String clientName,
            boolean overwriteCache, String submittedBy) {
        // PostgreSQL keeps microseconds: the start time handed to attempts must be the stored one,
        // or a task would see another startTime after a restart than before it
        Instant now = parts.clock().now().truncatedTo(ChronoUnit.MICROS);
        long seed = ThreadLocalRandom.current().nextLong();
        Instant deadlineAt = task.metadata().deadline() == null ? null : now.plus(task.metadata().deadline());
        Run run = new Run(id, task, inputs, now, seed, overwriteCache, deadlineAt, now, Phase.QUEUED);
        run.clientName = clientName;
        run.submittedBy = submittedBy;
        run.storedInputs = storedInputs;
        run.event(null, Phase.QUEUED.name(), null);
        return run;
    }

    private NewExecution row(Run run, StateChange state, AuditRow audit) {
        TaskTemplate task = run.task;
        return new NewExecution(run.id, task.id().project(), task.id().domain(), task.id().name(),
                task.id().version(), run.clientName, state, run.storedInputs, run.overwriteCache,
                Run.utc(run.startTime), run.seed, parts.nodeId(),
                run.deadlineAt == null ? null : Run.utc(run.deadlineAt), Run.utc(run.createdAt), run.submittedBy, run.lineage, audit);
    }

    /** Writes the run QUEUED and admits it. */
    private Uni<Submitted> submit(Run run, AuditRow audit) {
        StateChange state = run.state(parts.nodeId(), run.drainEvents(), Run.utc(run.createdAt));
        return insert(run, state, audit, () -> {
            parts.telemetry().submitted(run);
            ExecutionMdc.during(run, () -> conductor.admit(run));
        });
    }

    /**
     * A hit found before the run was written (decision 0038): the run is written ended, with the
     * hit's outputs and its events (QUEUED, CACHE_HIT, SUCCEEDED), in one insert; it is never admitted.
     */
    private Uni<Submitted> submitHit(Run run, CacheStore.Entry hit, AuditRow audit) {
        StateChange state = endedByHit(run, hit);
        return insert(run, state, audit, () -> {
            run.endRow = run.rowAfter(state, parts.nodeId());
            conductor.endedFromCache(run);
        });
    }

    /** Ends a run not yet written with a hit's outputs; the state its one insert writes. */
    private StateChange endedByHit(Run run, CacheStore.Entry hit) {
        synchronized (run) {
            Memoizer.recordHit(run, hit);
            run.moveTo(Phase.SUCCEEDED);
            run.outputs = hit.outputs();
            run.event(null, Phase.SUCCEEDED.name(), null);
            return run.snapshot(parts.nodeId(), parts.clock().now());
        }
    }

    /** Inserts the run; {@code created} runs once it is written, else the client name's execution is answered. */
    private Uni<Submitted> insert(Run run, StateChange state, AuditRow audit, Runnable created) {
        TaskTemplate task = run.task;
        return journal.insert(row(run, state, audit)).chain(written -> {
            if (written) {
                created.run();
                return Uni.createFrom().item(new Submitted(Submitted.Outcome.CREATED, run.rowAfter(state, parts.nodeId())));
            }
            String clientName = run.clientName;
            return parts.guards().database(() -> parts.store().findByClientName(task.id().project(), task.id().domain(), clientName))
                    .map(existing -> {
                        ExecutionRow other = existing.orElseThrow(() -> new IllegalStateException(
                                "the client name '" + clientName + "' was taken and its execution is gone"));
                        return new Submitted(same(other, task, run.inputs) ? Submitted.Outcome.EXISTING : Submitted.Outcome.CONFLICT, other);
                    });
        });
    }

    private boolean same(ExecutionRow row, TaskTemplate task, ObjectNode inputs) {
        if (!row.name().equals(task.id().name()) || !row.version().equals(task.id().version()) || row.inputs() == null) {
            return false;
        }
        try {
            return parts.data().comparable((ObjectNode) parts.mapper().readTree(row.inputs())).equals(parts.data().comparable(inputs));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
