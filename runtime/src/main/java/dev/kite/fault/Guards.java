package dev.kite.fault;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.model.RetryBackoff;
import dev.kite.spi.Backoff;
import dev.kite.spi.TaskException;

/**
 * The transient-operation guards, built programmatically from
 * {@code kite.guards.*}: one for database operations ({@link DatabaseGuard}: retry + timeout, on
 * plain Mutiny, as it guards every write of the engine), one per plugin with SmallRye Fault
 * Tolerance (retry + timeout + circuit breaker). Waits between tries come from {@link Backoff}, the one
 * backoff of Kite. A {@link TaskException} is a plugin's verdict, not a transient failure: it is
 * never retried here and does not count against the breaker.
 */
@ApplicationScoped
public class Guards implements OperationGuards {

    private static final Logger LOG = Logger.getLogger(Guards.class);

    @SuppressWarnings("rawtypes")
    private static final TypeLiteral<Uni> UNI = new TypeLiteral<>() {
    };

    @Inject
    KiteConfig config;

    @Inject
    MeterRegistry metrics;

    private volatile DatabaseGuard database;
    private final Map<String, Guard> plugins = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> breakerStates = new ConcurrentHashMap<>();

    /**
     * A database operation, retried in place on a transient failure ({@link TransientFailures});
     * any other failure (a value PostgreSQL refuses, a constraint) fails at once.
     */
    @Override
    public <T> Uni<T> database(Supplier<Uni<T>> op) {
        return databaseGuard().run(op);
    }

    @Override
    public <T> Uni<T> plugin(String target, Supplier<Uni<T>> op) {
        return guarded(plugins.computeIfAbsent(target, this::pluginGuard), op);
    }

    /** The circuit breaker state of a plugin's guard (CLOSED until first used). */
    public CircuitBreakerState breakerState(String target) {
        return breakerStates.getOrDefault(target, CircuitBreakerState.CLOSED);
    }

    @SuppressWarnings("unchecked")
    private static <T> Uni<T> guarded(Guard guard, Supplier<Uni<T>> op) {
        // deferred: every try subscribes to a fresh operation
        Supplier<Uni> fresh = () -> Uni.createFrom().deferred(op::get);
        return (Uni<T>) guard.get(fresh, UNI);
    }

    private Counter retries(String target) {
        return Counter.builder("kite_guard_retries_total").tag("target", target)
                .description("Operations retried in place by a guard (database, or a plugin's submit/poll/cancel)")
                .register(metrics);
    }

    private DatabaseGuard databaseGuard() {
        DatabaseGuard g = database;
        if (g == null) {
            var c = config.guards();
            g = new DatabaseGuard(c.databaseRetries(), c.databaseTimeout(), backoff(),
                    retries("database"), new CallTimes(metrics, "kite_database_call", "PostgreSQL operations of the engine, per try"));
            database = g;
        }
        return g;
    }

    private Guard pluginGuard(String target) {
        var c = config.guards();
        Counter retries = retries(target);
        io.micrometer.core.instrument.Gauge.builder("kite_circuit_breaker_open", breakerStates,
                states -> states.getOrDefault(target, CircuitBreakerState.CLOSED) == CircuitBreakerState.OPEN ? 1 : 0)
                .tag("target", target).description("1 while the circuit breaker of a plugin's calls is open")
                .strongReference(true).register(metrics);
        return Guard.create().withDescription("kite-plugin-" + target)
                .withRetry().maxRetries(c.pluginRetries())
                .abortOn(TaskException.class)
                .withCustomBackoff().strategy(this::backoffStrategy).done()
                .onRetry(retries::increment).done()
                .withTimeout().duration(c.pluginTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().name("kite-plugin-" + target)
                .requestVolumeThreshold(c.circuitBreakerVolume())
                .failureRatio(c.circuitBreakerFailureRatio())
                .delay(c.circuitBreakerDelay().toMillis(), ChronoUnit.MILLIS)
                .skipOn(TaskException.class)
                .onStateChange(state -> {
                    breakerStates.put(target, state);
                    LOG.infof("circuit breaker of plugin %s is now %s", target, state);
                })
                .done()
                .build();
    }

    /** The waits between the tries of a guarded operation. */
    private RetryBackoff backoff() {
        var c = config.guards();
        return new RetryBackoff(c.initialDelay(), c.maxDelay(), 2.0, 0.2);
    }

    private CustomBackoffStrategy backoffStrategy() {
        RetryBackoff policy = backoff();
        SplittableRandom random = new SplittableRandom();
        return new CustomBackoffStrategy() {
            private int tries;

            @Override
            public long nextDelayInMillis(Throwable cause) {
                return Backoff.delay(policy, tries++, random).toMillis();
            }
        };
    }
}
