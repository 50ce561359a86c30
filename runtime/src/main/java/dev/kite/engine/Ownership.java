package dev.kite.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.graph.NodeSettings;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;
import dev.kite.store.ExecutionRow;

/**
 * Who drives which execution. A periodic sweep renews this node's heartbeat, resumes its own
 * executions after a restart (and those handed back after a database outage), and claims the
 * open executions of nodes whose heartbeat expired — as many as there is room for. A claimed or
 * resumed row is rebuilt into a run and admitted like a new one; the persisted phase decides the
 * next step. An abort of an execution driven by another process is fenced on that owner and goes
 * through the persisted handle.
 */
final class Ownership {

    private static final Logger LOG = Logger.getLogger(Ownership.class);

    private final EngineParts parts;
    private final Admission admission;
    private final Conductor conductor;
    private final Finishing finishing;
    private final Journal journal;
    private final Cancellation cancellation;
    /** One sweep at a time: during a database outage a sweep's guarded calls outlast the period. */
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** True until a sweep has resumed the executions this node owned before it (re)started. */
    private volatile boolean resumeOwnPending = true;

    Ownership(EngineParts parts, Admission admission, Conductor conductor, Finishing finishing, Journal journal,
            Cancellation cancellation) {
        this.parts = parts;
        this.admission = admission;
        this.conductor = conductor;
        this.finishing = finishing;
        this.journal = journal;
        this.cancellation = cancellation;
    }

    /** One sweep; answers when it is done (a sweep in progress makes this one a no-op). */
    Uni<Void> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return parts.guards().database(() -> parts.store().heartbeat(parts.nodeId()))
                .chain(this::resumeOwn)
                .chain(() -> {
                    int room = parts.config().engine().maxConcurrent() - admission.size();
                    if (room <= 0) {
                        return Uni.createFrom().item(List.<ExecutionRow>of());
                    }
                    return parts.store().claimOrphans(parts.nodeId(), parts.config().engine().leaseDuration(), Math.min(room, 100));
                })
                .invoke(claimed -> {
                    if (!claimed.isEmpty()) {
                        LOG.infof("took over %d executions of stopped processes", claimed.size());
                    }
                    claimed.forEach(this::resume);
                })
                .replaceWithVoid()
                .onTermination().invoke(() -> sweeping.set(false));
    }

    private Uni<Void> resumeOwn() {
        boolean starting = resumeOwnPending;
        if (!starting && finishing.nothingToResume()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = finishing.toResume();
        return parts.store().owned(parts.nodeId()).invoke(rows -> {
            finishing.resumed(ids); // only once they are read back: a failed read keeps them for the next sweep
            if (starting) {
                resumeOwnPending = false;
                LOG.infof("engine node %s started; resuming %d of its executions", parts.nodeId(), rows.size());
            }
            rows.stream().filter(r -> !admission.isLocal(r.id())).forEach(this::resume);
        }).replaceWithVoid();
    }

    private void resume(ExecutionRow row) {
        if (admission.isLocal(row.id())) {
            return;
        }
        parts.tasks().template(taskOf(row)).subscribe().with(t -> {
            if (t.isEmpty()) {
                LOG.errorf("execution %s names task %s/%s/%s/%s, which is not registered", row.id(),
                        row.project(), row.domain(), row.name(), row.version());
                return;
            }
            conductor.admit(rebuild(row, NodeSettings.apply(t.get(), row.lineage())));
        }, f -> LOG.warnf("could not resume %s: %s", row.id(), f));
    }

    /**
     * Aborts an execution this process does not drive: the ABORTED state is written fenced on
     * its current owner, then the running attempt's remote work is cancelled through its handle.
     */
    Uni<Void> abortElsewhere(ExecutionRow row) {
        return parts.tasks().template(taskOf(row)).chain(t -> {
            Run run = rebuild(row, t.orElseThrow());
            Attempt a = run.current();
            Instant now = parts.clock().now();
            synchronized (run) {
                if (a != null && a.running()) {
                    a.phase = Phase.ABORTED.name();
                    a.endedAt = now;
                    a.message = "aborted on request";
                }
                run.moveTo(Phase.ABORTED);
                run.error = TaskError.user("ABORTED", "aborted on request");
                run.event(null, Phase.ABORTED.name(), "aborted on request");
            }
            return journal.writeAs(run, row.owner()).chain(applied -> !applied || a == null || a.handle == null
                    ? Uni.createFrom().voidItem() : cancellation.cancelRemote(run, a));
        });
    }

    private static TaskId taskOf(ExecutionRow row) {
        return new TaskId(row.project(), row.domain(), row.name(), row.version());
    }

    Run rebuild(ExecutionRow row, TaskTemplate task) {
        try {
            ObjectNode inputs = (ObjectNode) parts.mapper().readTree(row.inputs());
            Run run = new Run(row.id(), task, inputs, row.startTime().toInstant(), row.seed(), row.overwriteCache(),
                    row.deadlineAt() == null ? null : row.deadlineAt().toInstant(), row.createdAt().toInstant(),
                    Phase.valueOf(row.phase()));
            run.attempts.addAll(Run.attemptsFrom(parts.mapper().readTree(row.attempts())));
            run.cacheStatus = row.cacheStatus() == null ? null : CacheStatus.valueOf(row.cacheStatus());
            run.cacheKey = row.cacheKey();
            run.clientName = row.clientName();
            run.submittedBy = row.submittedBy();
            run.storedInputs = row.inputs();
            run.inputsAreStored = true;
            run.nextAt = row.nextAt() == null ? null : row.nextAt().toInstant();
            run.lineage = row.lineage();
            run.depth = NodeSettings.depth(row.lineage());
            return run;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("execution " + row.id() + " has unreadable state", e);
        }
    }
}
