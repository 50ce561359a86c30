package dev.kite.cache;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Redis in the readiness report, without deciding it: Kite runs tasks while Redis is down (cache
 * lookups fail open, quotas fall back to this process), so a Redis outage is reported as
 * {@code "redis": "degraded"} in the data of an UP check rather than taking Kite out of service.
 * The Redis client's own health check, which would report DOWN, is switched off
 * ({@code quarkus.redis.health.enabled=false}).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {

    static final String NAME = "Redis (cache and quotas)";
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    @Inject
    ReactiveRedisDataSource redis;

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING").ifNoItem().after(PING_TIMEOUT).fail()
                .map(r -> HealthCheckResponse.named(NAME).up().withData("redis", "up").build())
                .onFailure().recoverWithItem(f -> HealthCheckResponse.named(NAME).up().withData("redis", "degraded")
                        .withData("detail", "Redis does not answer a PING within " + PING_TIMEOUT.toMillis()
                                + " ms; tasks run without the cache until it is back").build());
    }
}
