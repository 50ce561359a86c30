package dev.kite.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Engine meters in {@code /q/metrics}. Counters: executions and attempts by phase, retries by
 * budget, timeouts by kind. Histograms (seconds, fixed buckets): the queue wait, attempts by task
 * type and outcome, executions end to end by project, domain, phase and — only for the tasks of
 * {@code kite.observability.duration-tasks} — task. Gauges: executions of this process by phase,
 * slots in use and their limit, queued executions, polls scheduled. Labels are bounded: never an
 * execution id.
 */
final class EngineMetrics {

    /** Buckets of waits and whole executions: 10 ms to an hour. */
    static final Duration[] LONG = durations(10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000,
            900_000, 3_600_000);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    static Duration[] durations(long... millis) {
        Duration[] d = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            d[i] = Duration.ofMillis(millis[i]);
        }
        return d;
    }

    private Counter counter(String name, String help, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + value,
                k -> Counter.builder(name).description(help).tag(tag, value).register(registry));
    }

    private Timer timer(String key, Supplier<Timer> build) {
        return timers.computeIfAbsent(key, k -> build.get());
    }

    /** The counters with every value they can take, at zero: a rate over a series that does not exist yet is no rate. */
    private void zeros() {
        for (Phase p : Phase.values()) {
            if (p.isTerminal()) {
                executionEnded(p, 0);
            }
        }
        for (String p : new String[] {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}) {
            counter("kite_attempts_total", ATTEMPTS, "phase", p);
        }
        counter("kite_retries_total", RETRIES, "budget", "user");
        counter("kite_retries_total", RETRIES, "budget", "system");
        counter("kite_timeouts_total", TIMEOUTS, "kind", "attempt");
        counter("kite_timeouts_total", TIMEOUTS, "kind", "deadline");
    }

    void gauges(IntSupplier active, IntSupplier queued) {
        zeros();
        Gauge.builder("kite_engine_active", active, s -> s.getAsInt())
                .description("Executions holding one of this process's slots").strongReference(true).register(registry);
        Gauge.builder("kite_engine_queued", queued, s -> s.getAsInt())
                .description("Executions of this process waiting in QUEUED for a slot").strongReference(true).register(registry);
    }

    /** Gauges over the runs this process drives now. */
    void runGauges(Supplier<Collection<Run>> runs, int slots) {
        for (Phase phase : Phase.values()) {
            Gauge.builder("kite_engine_executions", runs, r -> count(r.get(), phase))
                    .description("Executions driven by this process, by phase").tag("phase", phase.name())
                    .strongReference(true).register(registry);
        }
        Gauge.builder("kite_engine_slots", () -> slots)
                .description("This process's slots (kite.engine.max-concurrent); in use: kite_engine_active")
                .strongReference(true).register(registry);
        Gauge.builder("kite_engine_polls_scheduled", runs, r -> polls(r.get()))
                .description("Async attempts of this process with a status poll scheduled").strongReference(true).register(registry);
    }

    private static int count(Collection<Run> runs, Phase phase) {
        int n = 0;
        for (Run r : runs) {
            if (r.phase() == phase) {
                n++;
            }
        }
        return n;
    }

    private static int polls(Collection<Run> runs) {
        int n = 0;
        for (Run r : runs) {
            if (r.pollTimer >= 0) {
                n++;
            }
        }
        return n;
    }

    private static final String ATTEMPTS = "Attempts ended in this process, by phase";
    private static final String RETRIES = "Retries scheduled, by the budget that pays them";
    private static final String TIMEOUTS = "Timeouts: attempt (an attempt ran past its timeout) or deadline (an execution)";

    void executionEnded(Phase phase) {
        executionEnded(phase, 1);
    }

    private void executionEnded(Phase phase, int n) {
        counter("kite_executions_total", "Executions ended in this process, by final phase", "phase", phase.name()).increment(n);
    }

    void attemptEnded(String phase) {
        counter("kite_attempts_total", ATTEMPTS, "phase", phase).increment();
    }

    void retry(Attempt.Budget budget) {
        counter("kite_retries_total", RETRIES, "budget", budget.name().toLowerCase()).increment();
    }

    void timeout(String kind) {
        counter("kite_timeouts_total", TIMEOUTS, "kind", kind).increment();
    }

    /** From submission (or resumption) to the first step with a slot. */
    void queueWait(Duration wait) {
        timer("queue", () -> Timer.builder("kite_queue_wait").description("Time executions waited in QUEUED for a slot")
                .serviceLevelObjectives(LONG).register(registry)).record(wait);
    }

    void attemptDuration(String type, String outcome, Duration took) {
        timer("attempt|" + type + "|" + outcome, () -> Timer.builder("kite_attempt_duration")
                .description("Attempts from start to end, by task type and outcome (SUCCEEDED, FAILED, TIMED_OUT, ABORTED)")
                .tag("type", type).tag("outcome", outcome).serviceLevelObjectives(LONG).register(registry)).record(took);
    }

    void executionDuration(String project, String domain, String task, Phase phase, Duration took) {
        timer("execution|" + project + "|" + domain + "|" + task + "|" + phase, () -> Timer.builder("kite_execution_duration")
                .description("Executions from submission to end, by project, domain, configured task and final phase")
                .tag("project", project).tag("domain", domain).tag("task", task).tag("phase", phase.name())
                .serviceLevelObjectives(LONG).register(registry)).record(took);
    }
}
