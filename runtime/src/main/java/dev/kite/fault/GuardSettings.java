package dev.kite.fault;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.kite.config.KiteConfig;
import dev.kite.model.RetryBackoff;
import dev.kite.spi.OperationSettings;

/** {@code kite.guards.*} as plugins see it. */
@ApplicationScoped
public class GuardSettings implements OperationSettings {

    @Inject
    KiteConfig config;

    @Override
    public Duration pluginTimeout() {
        return config.guards().pluginTimeout();
    }

    @Override
    public int pluginRetries() {
        return config.guards().pluginRetries();
    }

    @Override
    public RetryBackoff retryBackoff() {
        KiteConfig.Guards g = config.guards();
        return new RetryBackoff(g.initialDelay(), g.maxDelay(), 2.0, 0.2);
    }

    @Override
    public CircuitBreaker circuitBreaker() {
        KiteConfig.Guards g = config.guards();
        return new CircuitBreaker(g.circuitBreakerVolume(), g.circuitBreakerFailureRatio(), g.circuitBreakerDelay());
    }
}
