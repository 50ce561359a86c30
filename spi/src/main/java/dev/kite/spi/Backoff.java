package dev.kite.spi;

import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.kite.model.RetryBackoff;

/**
 * The one backoff of Kite: exponential growth from {@code initial} by {@code factor}, capped at
 * {@code max}, spread by {@code ±jitter} (a fraction). Used for retries between attempts, status
 * polls and transient-operation guards alike.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * The wait before try number {@code n} (0 = the first wait).
     *
     * @param policy a policy with every field set (see {@link RetryBackoff#orElse})
     */
    public static Duration delay(RetryBackoff policy, int n, RandomGenerator random) {
        double base = policy.initial().toMillis() * Math.pow(policy.factor(), Math.max(0, n));
        double capped = Math.min(base, policy.max().toMillis());
        double spread = policy.jitter() == 0 ? 0 : (random.nextDouble() * 2 - 1) * policy.jitter();
        long millis = Math.round(capped * (1 + spread));
        return Duration.ofMillis(Math.max(0, Math.min(millis, policy.max().toMillis())));
    }
}
