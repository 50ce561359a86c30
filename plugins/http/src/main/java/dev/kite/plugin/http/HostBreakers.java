package dev.kite.plugin.http;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.OperationSettings;

/**
 * A circuit breaker per host ({@code host:port}), built with SmallRye Fault Tolerance from
 * {@code kite.guards.circuit-breaker-*}: when too many recent requests to a host failed
 * (connection errors, timeouts, 5xx), requests to it are refused for a while without being sent.
 * 4xx answers and 429 are verdicts of a working host and do not count.
 */
@ApplicationScoped
public class HostBreakers {

    private static final Logger LOG = Logger.getLogger(HostBreakers.class);

    @SuppressWarnings("rawtypes")
    private static final TypeLiteral<Uni> UNI = new TypeLiteral<>() {
    };

    @Inject
    OperationSettings settings;

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    /** Runs {@code op} under the host's breaker. */
    @SuppressWarnings("unchecked")
    <T> Uni<T> guarded(String host, Supplier<Uni<T>> op) {
        Guard g = guards.computeIfAbsent(host, this::create);
        @SuppressWarnings("rawtypes")
        Supplier<Uni> fresh = () -> Uni.createFrom().deferred(op::get);
        return (Uni<T>) g.get(fresh, UNI);
    }

    private static String name(String host) {
        return "kite-http-" + host;
    }

    private Guard create(String host) {
        OperationSettings.CircuitBreaker c = settings.circuitBreaker();
        return Guard.create().withDescription(name(host))
                .withCircuitBreaker().name(name(host))
                .requestVolumeThreshold(c.volume())
                .failureRatio(c.failureRatio())
                .delay(c.delay().toMillis(), ChronoUnit.MILLIS)
                .when(f -> f instanceof HttpFailure hf ? hf.hostFault() : !(f instanceof ResponseTooLargeException))
                .onStateChange(s -> LOG.infof("circuit breaker of host %s is now %s", host, s))
                .done()
                .build();
    }
}
