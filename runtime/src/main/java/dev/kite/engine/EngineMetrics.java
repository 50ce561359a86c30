package dev.kite.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Engine counters in {@code /q/metrics}: executions, attempts, retries by budget, timeouts. */
@ApplicationScoped
class EngineMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + value, k -> registry.counter(name, tag, value));
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
