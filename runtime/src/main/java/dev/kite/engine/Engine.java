package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import dev.kite.config.KiteConfig;
import dev.kite.spi.Backoff;
import dev.kite.fault.Guards;
import dev.kite.kubernetes.KubeHandle;
import dev.kite.kubernetes.KubernetesDriver;
import dev.kite.model.Canonical;
import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.RetryBackoff;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskPlugin;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskStatus;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;
import dev.kite.store.NewExecution;
import dev.kite.store.StateChange;
import dev.kite.store.TaskStore;

/**
 * Drives executions through their phases. Every transition is persisted (fenced by ownership)
 * before it is acted on; local timers and plugin calls are only ever the consequence of a
 * persisted state, so a restart or a takeover rebuilds them from the database.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    /**
     * What a submission did.
     *
     * @param row the execution as written (when created), so that the answer needs no read back
     */
    public record Submitted(UUID id, boolean created, ExecutionRow row) {
    }

    @Inject
    ExecutionStore store;

    @Inject
    TaskStore tasks;

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
    Memoizer cache;

    @Inject
    Guards guards;

    @Inject
    EngineMetrics metrics;

    @Inject
    jakarta.enterprise.inject.Instance<KubernetesDriver> kubernetes;

    private String nodeId;
    private ExecutorService workers;
    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();
    private final Deque<Run> waiting = new ArrayDeque<>();
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, TokenBucket> pollBuckets = new ConcurrentHashMap<>();
    private long sweepTimer = -1;
    private long leftoverTimer = -1;
    private final java.util.concurrent.atomic.AtomicBoolean sweepingLeftovers = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        nodeId = config.engine().nodeId().orElse("kite-" + UUID.randomUUID());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.engine().workerThreads(), r -> {
            Thread t = new Thread(r, "kite-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Boot does not wait for PostgreSQL: the first sweep that reaches it registers this node
        // and resumes its executions; until then readiness reports the database DOWN.
        if (plugins.all().stream().anyMatch(e -> e.plugin() instanceof KubernetesPlugin<?, ?>)) {
            kubernetes.get().onChange(this::nudge);
            leftoverTimer = vertx.setPeriodic(kubernetes.get().resync().toMillis(), id -> sweepLeftovers());
        }
        sweepTimer = vertx.setPeriodic(config.engine().sweepInterval().toMillis(), id -> sweep());
        sweep();
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
            store.retire(nodeId).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("could not retire node %s: %s", nodeId, e);
        }
    }

    @PreDestroy
    void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    public String nodeId() {
        return nodeId;
    }

    // ---- submission -----------------------------------------------------------------------------

    /**
     * Writes a new execution and starts it here. With a client name, an execution of that name in
     * the same project and domain is returned instead ({@code created == false}).
     */
    public Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache) {
        UUID id = Ids.next();
        // PostgreSQL keeps microseconds: the start time handed to attempts must be the stored one,
        // or a task would see another startTime after a restart than before it
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        long seed = ThreadLocalRandom.current().nextLong();
        Instant deadlineAt = task.metadata().deadline() == null ? null : now.plus(task.metadata().deadline());
        Run run = new Run(id, task, inputs, now, seed, overwriteCache, deadlineAt, now, Phase.QUEUED);
        run.clientName = clientName;
        run.event(null, Phase.QUEUED.name(), null);
        String events = run.snapshot(nodeId).events();
        NewExecution row = new NewExecution(id, task.id().project(), task.id().domain(), task.id().name(),
                task.id().version(), clientName, Phase.QUEUED.name(), Canonical.json(inputs), overwriteCache,
                utc(now), seed, nodeId, events, deadlineAt == null ? null : utc(deadlineAt), utc(now));
        return guarded(() -> store.insert(row)).map(created -> {
            if (!created) {
                return new Submitted(id, false, null);
            }
            admit(run);
            return new Submitted(id, true, new ExecutionRow(id, row.project(), row.domain(), row.name(), row.version(),
                    clientName, Phase.QUEUED.name(), false, row.inputs(), null, null, "[]", null, null, null,
                    overwriteCache, row.startTime(), seed, nodeId, null, row.deadlineAt(), 0, row.createdAt(), row.createdAt()));
        });
    }

    // ---- abort ----------------------------------------------------------------------------------

    /**
     * Aborts an execution wherever it runs: the ABORTED state is persisted first, then the running
     * work is cancelled (locally, or through the persisted handle when another process owned it).
     * Idempotent: aborting a finished execution changes nothing.
     */
    public Uni<Void> abort(UUID id) {
        Run local = runs.get(id);
        if (local != null) {
            return stop(local, Phase.ABORTED, TaskError.user("ABORTED", "aborted on request"));
        }
        return store.find(id).chain(found -> {
            if (found.isEmpty() || found.get().done()) {
                return Uni.createFrom().voidItem();
            }
            ExecutionRow row = found.get();
            return tasks.template(new dev.kite.model.TaskId(row.project(), row.domain(), row.name(), row.version()))
                    .chain(t -> {
                        Run run = rebuild(row, t.orElseThrow());
                        // owned elsewhere: take the row (fenced on its current owner) and cancel through the handle
                        return stopRemote(run, row.owner());
                    });
        });
    }

    private Uni<Void> stopRemote(Run run, String owner) {
        Attempt a = run.current();
        if (a != null && a.running()) {
            a.phase = Phase.ABORTED.name();
            a.endedAt = Instant.now();
            a.message = "aborted on request";
        }
        run.phase = Phase.ABORTED;
        run.error = TaskError.user("ABORTED", "aborted on request");
        run.event(null, Phase.ABORTED.name(), "aborted on request");
        StateChange change = run.snapshot(owner);
        return guarded(() -> store.update(change)).chain(applied -> {
            if (!applied || a == null || a.handle == null) {
                return Uni.createFrom().voidItem();
            }
            return cancelRemote(run, a);
        });
    }

    // ---- waiting for an end ---------------------------------------------------------------------

    /** Completes when the execution is done or {@code max} has passed, whichever is first. */
    public Uni<Void> awaitDone(UUID id, Duration max) {
        Run local = runs.get(id);
        if (local != null) {
            // a copy: a wait that times out cancels its stage, which must not cancel the run's own future
            // (every later wait on the execution would then fail with a CancellationException, a 500)
            return Uni.createFrom().completionStage(local.finished.copy()).ifNoItem().after(max).recoverWithItem((Void) null);
        }
        Instant until = Instant.now().plus(max);
        return store.find(id).chain(row -> {
            if (row.isEmpty() || row.get().done() || !Instant.now().isBefore(until)) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(50))
                    .chain(() -> awaitDone(id, Duration.between(Instant.now(), until)));
        });
    }

    /**
     * Like {@link #awaitDone}, and when the execution ended in this process, its final row as
     * written (no read needed); empty otherwise (not local, not done in time, or fenced off).
     */
    public Uni<Optional<ExecutionRow>> awaitEnd(UUID id, Duration max) {
        Run local = runs.get(id);
        if (local != null) {
            // a copy: a wait that times out cancels its stage, which must not cancel the run's own future
            // (every later wait on the execution would then fail with a CancellationException, a 500)
            return Uni.createFrom().completionStage(local.finished.copy()).ifNoItem().after(max).recoverWithItem((Void) null)
                    .map(x -> Optional.ofNullable(local.endRow));
        }
        return awaitDone(id, max).map(x -> Optional.empty());
    }

    // ---- admission and the local queue ----------------------------------------------------------

    private void admit(Run run) {
        if (runs.putIfAbsent(run.id, run) != null) {
            return;
        }
        armDeadline(run);
        synchronized (waiting) {
            if (active.get() >= config.engine().maxConcurrent()) {
                waiting.add(run);
                return;
            }
            active.incrementAndGet();
        }
        begin(run);
    }

    private void release(Run run) {
        if (runs.remove(run.id) == null) {
            return;
        }
        cancelTimers(run);
        run.finished.complete(null);
        Run next;
        synchronized (waiting) {
            if (waiting.remove(run)) {
                return; // ended before it got a slot
            }
            next = waiting.poll();
            if (next == null) {
                active.decrementAndGet();
                return;
            }
        }
        begin(next);
    }

    /** Starts or resumes a run according to its persisted state. */
    private void begin(Run run) {
        try {
            Attempt last = run.current();
            if (run.phase == Phase.QUEUED || run.phase == Phase.WAITING_FOR_CACHE) {
                prepare(run);
            } else if (last != null && last.running()) {
                reattach(run, last);
            } else {
                Instant at = run.nextAt == null ? Instant.now() : run.nextAt;
                scheduleRetry(run, at, nextBudget(last));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s could not start", run.id);
            finish(run, Phase.FAILED, TaskError.systemFatal("ENGINE_ERROR", "the engine could not start the execution: " + e), null);
        }
    }

    /** First steps: plugin, config, cache; then the first attempt. */
    private void prepare(Run run) {
        Optional<PluginRegistry.Entry> entry = plugins.forType(run.task.type());
        if (entry.isEmpty()) {
            finish(run, Phase.FAILED, TaskError.systemFatal("NO_PLUGIN",
                    "no plugin runs task type '" + run.task.type() + "' in this Kite (known: " + plugins.knownTypes() + ")"), null);
            return;
        }
        if (!entry.get().healthy()) {
            finish(run, Phase.FAILED, TaskError.systemFatal("PLUGIN_UNHEALTHY",
                    "plugin " + entry.get().name() + " is unhealthy: " + entry.get().problem()), null);
            return;
        }
        FieldErrors errors = new FieldErrors();
        run.config = bindConfig(entry.get().plugin(), run.task, errors);
        if (!errors.isEmpty()) {
            finish(run, Phase.FAILED, TaskError.user("INVALID_CONFIG", describe(errors)), null);
            return;
        }
        cache.beforeFirstAttempt(this, run);
    }

    /** Called by the cache hook when the execution must run (miss, skipped, disabled, failure). */
    void runFirstAttempt(Run run) {
        startAttempt(run, Attempt.Budget.NONE);
    }

    /** Called by the cache hook on a hit: the plugin is not called. */
    void completeFromCache(Run run, ObjectNode outputs, UUID source) {
        run.cacheStatus = CacheStatus.HIT;
        run.cacheSource = source;
        finish(run, Phase.SUCCEEDED, null, outputs);
    }

    /** Persists a phase/cache change of a run that stays open, then continues. */
    Uni<Boolean> persist(Run run) {
        StateChange change;
        synchronized (run) {
            change = run.snapshot(nodeId);
        }
        return guarded(() -> store.update(change)).invoke(applied -> {
            if (!applied) {
                lost(run);
            }
        });
    }

    private <C> C bindConfig(TaskPlugin<C> plugin, TaskTemplate task, FieldErrors errors) {
        return binder.bind(plugin, task, errors);
    }

    // ---- attempts -------------------------------------------------------------------------------

    private void startAttempt(Run run, Attempt.Budget budget) {
        Attempt a;
        synchronized (run) {
            if (run.phase.isTerminal() || !runs.containsKey(run.id)) {
                return;
            }
            int number = run.attempts.size();
            boolean lastSystem = run.used(Attempt.Budget.SYSTEM) >= config.retry().systemRetries();
            a = new Attempt(number, run.attemptName(number), budget,
                    run.task.metadata().interruptible() && !lastSystem);
            a.startedAt = Instant.now();
            a.deadline = a.startedAt.plus(attemptTimeout(run.task));
            run.attempts.add(a);
            run.phase = Phase.RUNNING;
            run.nextAt = null;
            run.event(number, Phase.RUNNING.name(), budget == Attempt.Budget.NONE ? null : "retry paid by the " + budget.name().toLowerCase() + " budget");
        }
        persist(run).subscribe().with(applied -> {
            if (applied) {
                act(run, a);
            }
        }, failure -> persistFailed(run, failure));
    }

    private Duration attemptTimeout(TaskTemplate task) {
        Duration t = task.metadata().timeout();
        return t != null ? t : config.retry().defaultAttemptTimeout();
    }

    /** Runs the plugin for a freshly persisted attempt. */
    private void act(Run run, Attempt a) {
        armAttemptTimer(run, a);
        TaskPlugin<?> plugin = plugins.forType(run.task.type()).orElseThrow().plugin();
        AsyncPlugin<?, ?> async = asyncOf(plugin);
        if (plugin instanceof SyncPlugin<?> sync) {
            runSync(run, a, sync);
        } else if (async != null) {
            submitAsync(run, a, async);
        } else {
            attemptEnded(run, a, null, TaskError.systemFatal("UNSUPPORTED_SHAPE",
                    "plugin " + plugin.name() + " has a shape this engine does not drive yet"));
        }
    }

    /** After a restart or takeover: continue an attempt that was running. */
    private void reattach(Run run, Attempt a) {
        TaskPlugin<?> plugin = plugins.forType(run.task.type()).map(PluginRegistry.Entry::plugin).orElse(null);
        if (plugin == null) {
            attemptEnded(run, a, null, TaskError.systemFatal("NO_PLUGIN", "no plugin runs task type '" + run.task.type() + "'"));
            return;
        }
        FieldErrors errors = new FieldErrors();
        run.config = bindConfig(plugin, run.task, errors);
        if (!errors.isEmpty()) {
            attemptEnded(run, a, null, TaskError.user("INVALID_CONFIG", describe(errors)));
            return;
        }
        AsyncPlugin<?, ?> async = asyncOf(plugin);
        if (async != null) {
            armAttemptTimer(run, a);
            if (a.handle == null) {
                submitAsync(run, a, async); // submit is idempotent on the attempt's generated name
            } else {
                schedulePoll(run, a, async, Duration.ZERO);
            }
        } else {
            // in-process work cannot survive its process: the attempt was lost with it
            attemptEnded(run, a, null, TaskError.system("INTERRUPTED",
                    "the Kite process running this attempt stopped before it ended"));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runSync(Run run, Attempt a, SyncPlugin sync) {
        AttemptContext<?> ctx = context(run, a);
        if (sync.blocking()) {
            // submitted rather than supplyAsync: cancelling this Future interrupts the worker, so a
            // timed-out or aborted function that sleeps or waits on I/O gives its thread back
            CompletableFuture<TaskResult> f = new CompletableFuture<>();
            Future<?> work = workers.submit(() -> {
                try {
                    f.complete((TaskResult) sync.run(ctx).await().indefinitely());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            synchronized (run) {
                run.blockingWork = work;
            }
            f.whenComplete((result, failure) -> onSyncResult(run, a, result, unwrap(failure)));
        } else {
            Uni<TaskResult> uni;
            try {
                uni = sync.run(ctx);
            } catch (RuntimeException e) {
                onSyncResult(run, a, null, e);
                return;
            }
            var cancellable = uni.subscribe().with(result -> onSyncResult(run, a, result, null),
                    failure -> onSyncResult(run, a, null, failure));
            synchronized (run) {
                run.work = cancellable;
            }
        }
    }

    private void onSyncResult(Run run, Attempt a, TaskResult result, Throwable failure) {
        if (failure != null) {
            attemptEnded(run, a, null, classify(failure, run));
        } else if (result == null) {
            attemptEnded(run, a, null, TaskError.system("NO_RESULT", "the plugin returned no result"));
        } else if (result.isSuccess()) {
            attemptEnded(run, a, result.outputs(), null);
        } else {
            attemptEnded(run, a, null, result.error());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void submitAsync(Run run, Attempt a, AsyncPlugin async) {
        AttemptContext<?> ctx = context(run, a);
        Uni<Object> submitted = guards.plugin(async.name(), () -> async.submit(ctx));
        submitted.subscribe().with(handle -> {
            boolean late;
            synchronized (run) {
                a.handle = mapper.valueToTree(handle);
                if (async instanceof KubernetesDriver.Adapter k) {
                    a.logs = k.logs(ctx, (KubeHandle) handle);
                }
                late = !a.running();
                if (!late) {
                    run.event(a.number, "SUBMITTED", null);
                }
            }
            if (late) {
                // timed out or aborted while the submission was in flight: the cancel then had no
                // handle to go through, so the remote work exists only now and must be stopped now
                cancelRemote(run, a).subscribe().with(x -> { }, f -> { });
                return;
            }
            persist(run).subscribe().with(applied -> {
                if (applied) {
                    schedulePoll(run, a, async, config.engine().pollInitial());
                } else {
                    cancelRemote(run, a).subscribe().with(x -> { }, f -> { });
                }
            }, f -> persistFailed(run, f));
        }, failure -> attemptEnded(run, a, null, classify(failure, run)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void schedulePoll(Run run, Attempt a, AsyncPlugin async, Duration delay) {
        // under the run's lock from setting the timer to recording it: the timer (which takes the
        // lock first) then always sees its own id, and a timer replaced by a nudge is a no-op
        synchronized (run) {
            // a watch event came while the last poll was in flight: read again at once
            long ms = run.nudged ? 1 : Math.max(1, delay.toMillis());
            run.nudged = false;
            run.pollTimer = vertx.setTimer(ms, t -> poll(run, a, async, t));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void poll(Run run, Attempt a, AsyncPlugin async, long timer) {
        synchronized (run) {
            if (run.pollTimer != timer) {
                return; // cancelled or replaced (a nudge) after it fired
            }
            run.pollTimer = -1;
            if (!a.running() || !runs.containsKey(run.id)) {
                return;
            }
        }
        // a Kubernetes plugin's poll reads the watch's cache: no remote call to ration
        long wait = async instanceof KubernetesDriver.Adapter<?, ?> ? 0 : pollBuckets.computeIfAbsent(async.name(),
                n -> new TokenBucket(config.engine().pollRatePerSecond())).take();
        if (wait > 0) {
            schedulePoll(run, a, async, Duration.ofMillis(wait));
            return;
        }
        Object handle;
        try {
            handle = mapper.treeToValue(a.handle, async.handleType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            attemptEnded(run, a, null, TaskError.systemFatal("BAD_HANDLE", "the persisted handle cannot be read: " + e.getMessage()));
            return;
        }
        Object h = handle;
        Uni<TaskStatus> poll = guards.plugin(async.name(), () -> async.poll(context(run, a), h));
        poll.subscribe().with(status -> onPoll(run, a, async, status),
                failure -> {
                    int failed;
                    synchronized (run) {
                        failed = ++run.failedPolls;
                    }
                    if (failed >= config.engine().maxFailedPolls()) {
                        attemptEnded(run, a, null, TaskError.system("POLL_FAILED",
                                failed + " status polls in a row failed; last: " + failure));
                    } else {
                        schedulePoll(run, a, async, pollDelay(run));
                    }
                });
    }

    @SuppressWarnings("rawtypes")
    private void onPoll(Run run, Attempt a, AsyncPlugin async, TaskStatus status) {
        synchronized (run) {
            run.failedPolls = 0;
            run.polls++;
        }
        if (status == null) {
            schedulePoll(run, a, async, pollDelay(run));
            return;
        }
        switch (status.phase()) {
            case SUCCEEDED -> attemptEnded(run, a, status.outputs(), null);
            case FAILED -> attemptEnded(run, a, null, status.error());
            default -> schedulePoll(run, a, async, pollDelay(run));
        }
    }

    private Duration pollDelay(Run run) {
        RetryBackoff policy = new RetryBackoff(config.engine().pollInitial(), config.engine().pollMax(), 1.5, 0.1);
        return Backoff.delay(policy, run.polls, new SplittableRandom());
    }

    private AttemptContext<?> context(Run run, Attempt a) {
        List<TaskError> previous = new ArrayList<>();
        synchronized (run) {
            for (Attempt earlier : run.attempts) {
                if (earlier.number < a.number && earlier.error != null) {
                    previous.add(earlier.error);
                }
            }
        }
        return new AttemptContext<>(run.task, run.id, run.config, run.inputs, a.number, a.name, run.startTime,
                run.seed, a.interruptible, a.deadline, List.copyOf(previous));
    }

    /** The one place where an attempt's end becomes the execution's next state. */
    private void attemptEnded(Run run, Attempt a, ObjectNode outputs, TaskError error) {
        ObjectNode checked = null;
        if (error == null) {
            FieldErrors errors = new FieldErrors();
            checked = Values.coerceInputs(run.task.iface().outputs(), outputs, "outputs", errors);
            if (!errors.isEmpty()) {
                error = TaskError.user("OUTPUT_MISMATCH", "the outputs do not match the interface: " + describe(errors));
            }
        }
        synchronized (run) {
            if (!a.running() || run.phase.isTerminal()) {
                return;
            }
            a.endedAt = Instant.now();
            clearAttemptWork(run);
            metrics.attemptEnded(error == null ? Phase.SUCCEEDED.name() : Phase.FAILED.name());
            if (error == null) {
                a.phase = Phase.SUCCEEDED.name();
                run.event(a.number, Phase.SUCCEEDED.name(), null);
            } else {
                a.phase = Phase.FAILED.name();
                a.error = error;
                run.event(a.number, Phase.FAILED.name(), error.code() + ": " + error.message());
            }
        }
        if (error == null) {
            ObjectNode out = checked;
            cache.afterSuccess(this, run, out).subscribe().with(x -> finish(run, Phase.SUCCEEDED, null, out),
                    f -> finish(run, Phase.SUCCEEDED, null, out));
        } else {
            failedAttempt(run, a, error, Phase.FAILED);
        }
    }

    /** Retry per the budgets, or end the execution with {@code terminal}. */
    private void failedAttempt(Run run, Attempt a, TaskError error, Phase terminal) {
        Attempt.Budget budget;
        String reason;
        synchronized (run) {
            int user = run.used(Attempt.Budget.USER);
            int system = run.used(Attempt.Budget.SYSTEM);
            int userMax = run.task.metadata().retries();
            int systemMax = config.retry().systemRetries();
            if (!error.recoverable()) {
                budget = null;
                reason = "non-recoverable " + error.kind() + " error: " + error.message();
            } else if (error.kind() == ErrorKind.USER) {
                budget = user < userMax ? Attempt.Budget.USER : null;
                reason = "retries exhausted: " + user + " user " + (user == 1 ? "retry" : "retries") + " used (of "
                        + userMax + "); last error: " + error.message();
            } else {
                budget = system < systemMax ? Attempt.Budget.SYSTEM : null;
                reason = "system retries exhausted: " + system + " system " + (system == 1 ? "retry" : "retries")
                        + " used (of " + systemMax + "); last error: " + error.message();
            }
        }
        if (budget == null) {
            finish(run, terminal, error, null, reason);
            return;
        }
        metrics.retry(budget);
        Duration wait = Backoff.delay(backoff(run.task), run.attempts.size() - 1, new SplittableRandom());
        if (error.retryAfter() != null && error.retryAfter().compareTo(wait) > 0) {
            wait = error.retryAfter(); // the remote side asked for it (e.g. HTTP Retry-After)
        }
        Instant at = Instant.now().plus(wait);
        synchronized (run) {
            run.nextAt = at;
            run.event(a.number, "RETRY_SCHEDULED", "attempt " + (a.number + 1) + " at " + at + " (" + budget.name().toLowerCase() + " budget)");
        }
        persist(run).subscribe().with(applied -> {
            if (applied) {
                cleanUp(run, a);
                scheduleRetry(run, at, budget);
            }
        }, f -> persistFailed(run, f));
    }

    private RetryBackoff backoff(TaskTemplate task) {
        var r = config.retry();
        RetryBackoff defaults = new RetryBackoff(r.initialBackoff(), r.maxBackoff(), r.backoffFactor(), r.backoffJitter());
        RetryBackoff own = task.metadata().retryBackoff();
        return own == null ? defaults : own.orElse(defaults);
    }

    private Attempt.Budget nextBudget(Attempt last) {
        if (last == null || last.error == null) {
            return Attempt.Budget.NONE;
        }
        return last.error.kind() == ErrorKind.USER ? Attempt.Budget.USER : Attempt.Budget.SYSTEM;
    }

    private void scheduleRetry(Run run, Instant at, Attempt.Budget budget) {
        long ms = millisUntil(at);
        long timer = vertx.setTimer(ms, t -> {
            synchronized (run) {
                run.retryTimer = -1;
            }
            startAttempt(run, budget);
        });
        synchronized (run) {
            run.retryTimer = timer;
        }
    }

    // ---- timeouts, deadline, abort --------------------------------------------------------------

    private void armAttemptTimer(Run run, Attempt a) {
        long ms = millisUntil(a.deadline);
        long timer = vertx.setTimer(ms, t -> onAttemptTimeout(run, a));
        synchronized (run) {
            run.attemptTimer = timer;
        }
    }

    private void onAttemptTimeout(Run run, Attempt a) {
        Uni<Void> cancelled;
        TaskError error = TaskError.userRecoverable("TIMEOUT",
                "attempt " + a.number + " ran past its timeout of " + attemptTimeout(run.task));
        synchronized (run) {
            if (!a.running() || run.phase.isTerminal()) {
                return;
            }
            run.attemptTimer = -1;
            metrics.attemptEnded(Phase.TIMED_OUT.name());
            metrics.timeout("attempt");
            a.phase = Phase.TIMED_OUT.name();
            a.endedAt = Instant.now();
            a.error = error;
            run.event(a.number, Phase.TIMED_OUT.name(), error.message());
            cancelled = cancelWork(run, a);
        }
        cancelled.subscribe().with(x -> failedAttempt(run, a, error, Phase.TIMED_OUT),
                f -> failedAttempt(run, a, error, Phase.TIMED_OUT));
    }

    private void armDeadline(Run run) {
        if (run.deadlineAt == null) {
            return;
        }
        long ms = millisUntil(run.deadlineAt);
        run.deadlineTimer = vertx.setTimer(ms, t -> {
            metrics.timeout("deadline");
            stop(run, Phase.TIMED_OUT,
                    TaskError.user("DEADLINE", "the execution ran past its deadline of " + run.task.metadata().deadline()))
                    .subscribe().with(x -> { }, f -> LOG.warnf(f, "deadline of %s", run.id));
        });
    }

    /** Ends a run at once (abort, deadline): the running attempt is cancelled and no retry follows. */
    private Uni<Void> stop(Run run, Phase phase, TaskError error) {
        Uni<Void> cancelled;
        synchronized (run) {
            if (run.phase.isTerminal()) {
                return Uni.createFrom().voidItem();
            }
            Attempt a = run.current();
            cancelled = Uni.createFrom().voidItem();
            if (a != null && a.running()) {
                metrics.attemptEnded(phase.name());
                a.phase = phase.name();
                a.endedAt = Instant.now();
                a.error = error;
                run.event(a.number, phase.name(), error.message());
                cancelled = cancelWork(run, a);
            }
            cancelTimers(run);
        }
        return cancelled.onFailure().recoverWithNull()
                .chain(() -> Uni.createFrom().emitter(em -> finish(run, phase, error, null, error.message(), em)));
    }

    /** Cancels the local or remote work of an attempt (call under the run's lock). */
    private Uni<Void> cancelWork(Run run, Attempt a) {
        clearAttemptWork(run);
        if (run.work != null) {
            run.work.cancel();
            run.work = null;
        }
        if (run.blockingWork != null) {
            run.blockingWork.cancel(true);
            run.blockingWork = null;
        }
        return a.handle != null ? cancelRemote(run, a) : Uni.createFrom().voidItem();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Uni<Void> cancelRemote(Run run, Attempt a) {
        TaskPlugin<?> plugin = plugins.forType(run.task.type()).map(PluginRegistry.Entry::plugin).orElse(null);
        AsyncPlugin async = plugin == null ? null : asyncOf(plugin);
        if (async == null || a.handle == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            Object handle = mapper.treeToValue(a.handle, async.handleType());
            if (run.config == null) {
                run.config = bindConfig(plugin, run.task, new FieldErrors());
            }
            return guards.<Void>plugin(async.name(), () -> async.cancel(context(run, a), handle))
                    .onFailure().invoke(f -> LOG.warnf("cancel of %s attempt %d failed: %s", run.id, a.number, f));
        } catch (JsonProcessingException | RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private void clearAttemptWork(Run run) {
        if (run.attemptTimer >= 0) {
            vertx.cancelTimer(run.attemptTimer);
            run.attemptTimer = -1;
        }
        if (run.pollTimer >= 0) {
            vertx.cancelTimer(run.pollTimer);
            run.pollTimer = -1;
        }
    }

    private void cancelTimers(Run run) {
        clearAttemptWork(run);
        if (run.retryTimer >= 0) {
            vertx.cancelTimer(run.retryTimer);
            run.retryTimer = -1;
        }
        if (run.deadlineTimer >= 0) {
            vertx.cancelTimer(run.deadlineTimer);
            run.deadlineTimer = -1;
        }
    }

    // ---- the end --------------------------------------------------------------------------------

    private void finish(Run run, Phase phase, TaskError error, ObjectNode outputs) {
        finish(run, phase, error, outputs, error == null ? null : error.message(), null);
    }

    private void finish(Run run, Phase phase, TaskError error, ObjectNode outputs, String reason) {
        finish(run, phase, error, outputs, reason, null);
    }

    private void finish(Run run, Phase phase, TaskError error, ObjectNode outputs, String reason,
            io.smallrye.mutiny.subscription.UniEmitter<? super Void> emitter) {
        synchronized (run) {
            if (run.phase.isTerminal()) {
                if (emitter != null) {
                    emitter.complete(null);
                }
                return;
            }
            run.phase = phase;
            run.outputs = outputs;
            run.error = error;
            run.errorMessage = error == null ? null : reason;
            run.nextAt = null;
            if (run.cacheStatus == null) {
                run.cacheStatus = run.task.metadata().cache() == null ? CacheStatus.DISABLED : CacheStatus.MISS;
            }
            run.event(null, phase.name(), error == null ? null : reason);
            cancelTimers(run);
            metrics.executionEnded(phase);
        }
        StateChange change;
        synchronized (run) {
            change = run.snapshot(nodeId);
        }
        guarded(() -> store.update(change)).subscribe().with(applied -> {
            if (applied) {
                run.endRow = run.rowAfter(change, nodeId);
                cleanUp(run, run.current());
            }
            cache.afterEnd(this, run);
            release(run);
            if (emitter != null) {
                emitter.complete(null);
            }
        }, failure -> {
            persistFailed(run, failure);
            if (emitter != null) {
                emitter.fail(failure);
            }
        });
    }

    /** The execution was taken over by another process or finished elsewhere: stop local work. */
    private void lost(Run run) {
        LOG.debugf("execution %s is no longer ours; dropping local work", run.id);
        synchronized (run) {
            Attempt a = run.current();
            if (run.work != null) {
                run.work.cancel();
            }
            if (run.blockingWork != null) {
                run.blockingWork.cancel(true);
            }
            if (a != null) {
                clearAttemptWork(run);
            }
        }
        cache.afterEnd(this, run);
        release(run);
    }

    private void persistFailed(Run run, Throwable failure) {
        // The guard already retried; the state stays as last persisted and a sweep of a live
        // process (this one after the database returns, or another) resumes it from there.
        LOG.errorf("could not persist execution %s (%s); it will be resumed from its last persisted state", run.id, failure.toString());
        synchronized (run) {
            if (run.work != null) {
                run.work.cancel();
            }
            if (run.blockingWork != null) {
                run.blockingWork.cancel(true);
            }
        }
        release(run);
        resumeLater.add(run.id);
    }

    private final java.util.Set<UUID> resumeLater = ConcurrentHashMap.newKeySet();

    /** True until a sweep has resumed the executions this node owned before it (re)started. */
    private volatile boolean resumeOwnPending = true;

    // ---- restart and takeover -------------------------------------------------------------------

    /** One sweep at a time: during a database outage a sweep's guarded calls outlast the period. */
    private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();

    private void sweep() {
        if (stopping || !sweeping.compareAndSet(false, true)) {
            return;
        }
        guarded(() -> store.heartbeat(nodeId)).chain(() -> {
            boolean starting = resumeOwnPending;
            if (starting || !resumeLater.isEmpty()) {
                List<UUID> ids = List.copyOf(resumeLater);
                return store.owned(nodeId).invoke(rows -> {
                    resumeLater.removeAll(ids); // only once they are read back: a failed read keeps them for the next sweep
                    if (starting) {
                        resumeOwnPending = false;
                        LOG.infof("engine node %s started; resuming %d of its executions", nodeId, rows.size());
                    }
                    rows.stream().filter(r -> !runs.containsKey(r.id())).forEach(this::resume);
                }).replaceWithVoid();
            }
            return Uni.createFrom().voidItem();
        }).chain(() -> {
            int room = config.engine().maxConcurrent() - runs.size();
            if (room <= 0) {
                return Uni.createFrom().item(List.<ExecutionRow>of());
            }
            return store.claimOrphans(nodeId, config.engine().leaseDuration(), Math.min(room, 100));
        }).onTermination().invoke(() -> sweeping.set(false)).subscribe().with(claimed -> {
            if (!claimed.isEmpty()) {
                LOG.infof("took over %d executions of stopped processes", claimed.size());
            }
            claimed.forEach(this::resume);
        }, failure -> LOG.warnf("sweep failed: %s", failure.toString()));
    }

    private void resume(ExecutionRow row) {
        if (runs.containsKey(row.id())) {
            return;
        }
        tasks.template(new dev.kite.model.TaskId(row.project(), row.domain(), row.name(), row.version()))
                .subscribe().with(t -> {
                    if (t.isEmpty()) {
                        LOG.errorf("execution %s names task %s/%s/%s/%s, which is not registered", row.id(),
                                row.project(), row.domain(), row.name(), row.version());
                        return;
                    }
                    admit(rebuild(row, t.get()));
                }, f -> LOG.warnf("could not resume %s: %s", row.id(), f));
    }

    private Run rebuild(ExecutionRow row, TaskTemplate task) {
        try {
            ObjectNode inputs = (ObjectNode) mapper.readTree(row.inputs());
            Run run = new Run(row.id(), task, inputs, row.startTime().toInstant(), row.seed(), row.overwriteCache(),
                    row.deadlineAt() == null ? null : row.deadlineAt().toInstant(), row.createdAt().toInstant(),
                    Phase.valueOf(row.phase()));
            run.attempts.addAll(Run.attemptsFrom(mapper.readTree(row.attempts())));
            run.cacheStatus = row.cacheStatus() == null ? null : CacheStatus.valueOf(row.cacheStatus());
            run.cacheKey = row.cacheKey();
            run.clientName = row.clientName();
            run.nextAt = row.nextAt() == null ? null : row.nextAt().toInstant();
            return run;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("execution " + row.id() + " has unreadable state", e);
        }
    }

    // ---- Kubernetes plugins ---------------------------------------------------------------------

    /** The plugin as the engine drives remote work: itself, or a Kubernetes plugin's adapter; null for sync plugins. */
    private AsyncPlugin<?, ?> asyncOf(TaskPlugin<?> plugin) {
        if (plugin instanceof AsyncPlugin<?, ?> async) {
            return async;
        }
        if (plugin instanceof KubernetesPlugin<?, ?> k) {
            return kubernetes.get().async(k);
        }
        return null;
    }

    /**
     * Deletes Kubernetes objects whose attempt has ended although the object is still there: the
     * process that drove the attempt stopped between recording its end and deleting the object.
     * Only objects of executions this Kite knows (its database) and does not drive right now are
     * considered; another installation's objects in a shared namespace are left alone. Failed
     * attempts' objects stay when {@code kite.kubernetes.keep-on-failure} is set.
     */
    private void sweepLeftovers() {
        if (stopping || !sweepingLeftovers.compareAndSet(false, true)) {
            return;
        }
        KubernetesDriver driver = kubernetes.get();
        Map<UUID, List<io.fabric8.kubernetes.api.model.HasMetadata>> candidates = new java.util.HashMap<>();
        for (var object : driver.watchedObjects()) {
            Map<String, String> labels = object.getMetadata().getLabels();
            String id = labels == null ? null : labels.get(KubernetesDriver.EXECUTION);
            if (id == null || labels.get(KubernetesDriver.ATTEMPT) == null || object.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            try {
                UUID uuid = UUID.fromString(id);
                if (!runs.containsKey(uuid)) {
                    candidates.computeIfAbsent(uuid, k -> new java.util.ArrayList<>()).add(object);
                }
            } catch (IllegalArgumentException e) {
                // not a label Kite wrote
            }
        }
        if (candidates.isEmpty()) {
            sweepingLeftovers.set(false);
            return;
        }
        guarded(() -> store.findAll(candidates.keySet())).onTermination().invoke(() -> sweepingLeftovers.set(false))
                .subscribe().with(rows -> {
                    for (ExecutionRow row : rows) {
                        if (runs.containsKey(row.id())) {
                            continue; // picked up here meanwhile
                        }
                        Map<Integer, Attempt> attempts = new java.util.HashMap<>();
                        Run.attemptsFrom(json(mapper, row.attempts())).forEach(a -> attempts.put(a.number, a));
                        for (var object : candidates.get(row.id())) {
                            Attempt a = attempts.get(attemptLabel(object));
                            boolean ended = a == null ? row.done() : !a.running();
                            boolean kept = a != null && Phase.FAILED.name().equals(a.phase) && driver.keepOnFailure();
                            if (ended && !kept) {
                                LOG.infof("deleting %s %s/%s left behind by attempt %s of %s", object.getKind(),
                                        object.getMetadata().getNamespace(), object.getMetadata().getName(),
                                        object.getMetadata().getLabels().get(KubernetesDriver.ATTEMPT), row.id());
                                driver.deleteLeftover(object).subscribe().with(x -> { },
                                        f -> LOG.warnf("could not delete %s: %s", object.getMetadata().getName(), f));
                            }
                        }
                    }
                }, f -> LOG.debugf("leftover sweep failed: %s", f));
    }

    private static int attemptLabel(io.fabric8.kubernetes.api.model.HasMetadata object) {
        try {
            return Integer.parseInt(object.getMetadata().getLabels().get(KubernetesDriver.ATTEMPT));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The watch saw the object of an execution change: poll it now instead of at its next turn. */
    void nudge(UUID id) {
        Run run = runs.get(id);
        if (run == null) {
            return;
        }
        Attempt a;
        synchronized (run) {
            a = run.current();
            if (a == null || !a.running() || a.handle == null) {
                return;
            }
            if (run.pollTimer < 0) {
                run.nudged = true; // a poll is in flight: the next one follows at once
                return;
            }
            vertx.cancelTimer(run.pollTimer);
            run.pollTimer = -1;
        }
        TaskPlugin<?> plugin = plugins.forType(run.task.type()).map(PluginRegistry.Entry::plugin).orElse(null);
        AsyncPlugin<?, ?> async = plugin == null ? null : asyncOf(plugin);
        if (async != null) {
            schedulePoll(run, a, async, Duration.ZERO);
        }
    }

    /**
     * Once an attempt's end is persisted, a Kubernetes attempt's object is deleted (kept on failure
     * when so configured). Timed-out and aborted attempts were deleted by their cancel already.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void cleanUp(Run run, Attempt a) {
        if (a == null || a.handle == null || a.cleaned || !(Phase.SUCCEEDED.name().equals(a.phase) || Phase.FAILED.name().equals(a.phase))) {
            return;
        }
        TaskPlugin<?> plugin = plugins.forType(run.task.type()).map(PluginRegistry.Entry::plugin).orElse(null);
        if (!(plugin instanceof KubernetesPlugin<?, ?> k)) {
            return;
        }
        a.cleaned = true;
        KubernetesDriver.Adapter adapter = (KubernetesDriver.Adapter) kubernetes.get().async(k);
        try {
            KubeHandle handle = mapper.treeToValue(a.handle, KubeHandle.class);
            guards.<Void>plugin(adapter.name(), () -> adapter.cleanUp(context(run, a), handle, Phase.SUCCEEDED.name().equals(a.phase)))
                    .subscribe().with(x -> { }, f -> LOG.warnf("could not delete the object of %s attempt %d: %s", run.id, a.number, f));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("could not delete the object of %s attempt %d: %s", run.id, a.number, e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Transient failures of single operations are retried in place; they never re-run the task. */
    <T> Uni<T> guarded(java.util.function.Supplier<Uni<T>> op) {
        return guards.database(op);
    }

    private TaskError classify(Throwable failure, Run run) {
        Throwable f = unwrap(failure);
        if (f instanceof TaskException te) {
            return te.error();
        }
        return TaskError.system("PLUGIN_ERROR", "plugin for type '" + run.task.type() + "' failed unexpectedly: " + f);
    }

    private static Throwable unwrap(Throwable t) {
        while (t != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(FieldErrors errors) {
        StringBuilder sb = new StringBuilder();
        for (FieldError e : errors.list()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(e.path()).append(": ").append(e.message());
        }
        return sb.toString();
    }

    /**
     * Milliseconds for a Vert.x timer to fire no earlier than {@code at}: rounded up, since a
     * timeout that fires a fraction of a millisecond early ends an attempt before its time.
     */
    static long millisUntil(Instant at) {
        long nanos = Duration.between(Instant.now(), at).toNanos();
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    static JsonNode json(ObjectMapper mapper, String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
