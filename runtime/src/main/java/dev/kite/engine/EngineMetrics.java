package dev.kite.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Engine meters in {@code /q/metrics}: executions, attempts, retries by budget, timeouts, and the
 * gauges {@code kite_engine_active} (executions holding a slot) and {@code kite_engine_queued}.
 */
final class EngineMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + value, k -> registry.counter(name, tag, value));
    }

    void gauges(IntSupplier active, IntSupplier queued) {
        Gauge.builder("kite_engine_active", active, s -> s.getAsInt())
                .description("Executions holding one of this process's slots").strongReference(true).register(registry);
        Gauge.builder("kite_engine_queued", queued, s -> s.getAsInt())
                .description("Executions of this process waiting in QUEUED for a slot").strongReference(true).register(registry);
    }

    void executionEnded(Phase phase) {
        counter("kite_executions_total", "phase", phase.name()).increment();
    }

    void attemptEnded(String phase) {
        counter("kite_attempts_total", "phase", phase).increment();
    }

    void retry(Attempt.Budget budget) {
        counter("kite_retries_total", "budget", budget.name().toLowerCase()).increment();
    }

    void timeout(String kind) {
        counter("kite_timeouts_total", "kind", kind).increment();
    }
}
