package dev.kite.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import dev.kite.cache.OutputCache;
import dev.kite.config.KiteConfig;
import dev.kite.fault.Guards;
import dev.kite.kubernetes.KubernetesDriver;
import dev.kite.kubernetes.LeftoverSweep;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;
import dev.kite.store.TaskRegistry;

/**
 * The engine as the application sees it: submit, abort, wait for an end. At start-up it builds
 * the engine's rooms ({@link EngineCore}) from the application's beans and runs the periodic
 * sweeps — ownership, and the Kubernetes leftovers when a Kubernetes plugin is installed. Boot
 * does not wait for PostgreSQL: the first sweep that reaches it registers this node and resumes
 * its executions; until then readiness reports the database DOWN. The floor plan of the rooms is
 * in {@code src/docs/architecture.md}.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    @Inject
    ExecutionStore store;

    @Inject
    TaskRegistry tasks;

    @Inject
    OutputCache cache;

    @Inject
    PluginRegistry plugins;

    @Inject
    ConfigBinder binder;

    @Inject
    KiteConfig config;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @Inject
    Guards guards;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesDriver> kubernetes;

    @Inject
    Instance<LeftoverSweep> leftovers;

    @Inject
    dev.kite.data.DataValues dataValues;

    @Inject
    Instance<io.opentelemetry.api.trace.Tracer> tracer;

    private volatile EngineCore core;
    private ExecutorService workers;
    private long sweepTimer = -1;
    private long leftoverTimer = -1;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        String nodeId = config.engine().nodeId().orElse("kite-" + UUID.randomUUID());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.engine().workerThreads(), r -> {
            Thread t = new Thread(r, "kite-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        boolean kube = plugins.all().stream().anyMatch(e -> e.plugin() instanceof KubernetesPlugin<?, ?>);
        VertxClock clock = new VertxClock(vertx);
        EngineMetrics metrics = new EngineMetrics(registry);
        EngineParts parts = new EngineParts(nodeId, store, tasks::template, cache, plugins, binder, config,
                clock, mapper, guards, metrics, workers, kube ? kubernetes::get : () -> null, taskData(),
                new Telemetry(metrics, tracing(), config.observability(), clock));
        core = new EngineCore(parts);
        if (kube) {
            kubernetes.get().onChange(core::nudge);
            LeftoverSweep sweep = leftovers.get();
            leftoverTimer = vertx.setPeriodic(kubernetes.get().resync().toMillis(), id -> {
                if (!stopping) {
                    sweep.sweep(core::drives);
                }
            });
        }
        sweepTimer = vertx.setPeriodic(config.engine().sweepInterval().toMillis(), id -> sweep());
        sweep();
    }

    /**
     * The engine's tracer, or none when tracing is off: {@code quarkus.otel.sdk.disabled} (run time,
     * true by default in Kite) or {@code quarkus.otel.traces.enabled=false} (build time).
     */
    private Tracing tracing() {
        var c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        boolean off = c.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false)
                || !c.getOptionalValue("quarkus.otel.traces.enabled", Boolean.class).orElse(true);
        return off || !tracer.isResolvable() ? Tracing.OFF : new Tracing(tracer.get());
    }

    /** The data store as the engine's rooms see it. */
    private TaskData taskData() {
        return new TaskData() {
            @Override
            public Uni<ObjectNode> offloadInputs(TaskTemplate task, UUID execution, ObjectNode inputs) {
                return dataValues.offloadInputs(task, execution, inputs);
            }

            @Override
            public boolean offloaded(ObjectNode values) {
                return dev.kite.data.Offloads.any(values);
            }

            @Override
            public Uni<ObjectNode> resolve(ObjectNode values) {
                return dataValues.resolve(values);
            }

            @Override
            public String comparable(ObjectNode values) {
                return dev.kite.model.Canonical.json(dev.kite.data.Offloads.comparable(values, dataValues.offloadThreshold()));
            }

            @Override
            public Uni<Settled> settleOutputs(TaskTemplate task, UUID execution, int attempt, ObjectNode outputs) {
                return dataValues.settleOutputs(task, execution, attempt, outputs).map(s -> new Settled(s.outputs(), s.error()));
            }
        };
    }

    private void sweep() {
        if (stopping) {
            return;
        }
        core.sweep().subscribe().with(x -> { }, failure -> LOG.warnf("sweep failed: %s", failure.toString()));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (leftoverTimer >= 0) {
            vertx.cancelTimer(leftoverTimer);
        }
        try {
            store.retire(nodeId()).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("could not retire node %s: %s", nodeId(), e);
        }
    }

    @PreDestroy
    void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    public String nodeId() {
        return core.parts().nodeId();
    }

    /**
     * Writes a new execution and starts it here, or, with a client name already used in the project
     * and domain, answers that execution (same task and inputs) or a conflict.
     */
    public Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache) {
        return core.submit(task, inputs, clientName, overwriteCache, null);
    }

    /** {@link #submit(TaskTemplate, ObjectNode, String, boolean)}, recording who submitted it. */
    public Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache,
            String submittedBy) {
        return core.submit(task, inputs, clientName, overwriteCache, submittedBy, null);
    }

    /**
     * {@link #submit(TaskTemplate, ObjectNode, String, boolean, String)} with the submission's audit
     * row, written in the statement that writes the new execution (its target: the execution's id);
     * nothing is audited when the client name answers an existing execution.
     */
    public Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache,
            String submittedBy, dev.kite.store.AuditRow audit) {
        return core.submit(task, inputs, clientName, overwriteCache, submittedBy, audit);
    }

    /** Aborts an execution wherever it runs; idempotent. */
    public Uni<Void> abort(UUID id) {
        return core.abort(id);
    }

    /** Completes when the execution is done or {@code max} has passed, whichever is first. */
    public Uni<Void> awaitDone(UUID id, Duration max) {
        return core.awaitDone(id, max);
    }

    /**
     * Like {@link #awaitDone}, and the execution's final row once it is done: as written at its end
     * when it ended in this process (now or a moment ago: no read), else as read; empty when it is
     * not done within {@code max} or does not exist. A waiter that gives up never affects other
     * waiters or the run.
     */
    public Uni<Optional<ExecutionRow>> awaitEnd(UUID id, Duration max) {
        return core.awaitEnd(id, max);
    }
}
