package dev.kite.examples;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.spi.KiteTask;

/**
 * Example task {@code examples/development/slow-fib/v1}: a deliberately slow computation that
 * shows what the cache is worth. The first run with given inputs takes about two seconds; a
 * second run with the same inputs is served from the cache without calling the method.
 */
@ApplicationScoped
public class SlowFib {

    /** How long one call takes at least, so that a cache hit is plain to see. */
    static final Duration AT_LEAST = Duration.ofSeconds(2);

    /**
     * The n-th Fibonacci number (fib(0) = 0, fib(1) = 1), computed by naive recursion and then
     * padded to take at least two seconds. Returns a single value: the output {@code o0}.
     *
     * @param n which number, 0 to 92 (fib(92) is the largest that fits a long); 30 when absent
     */
    @KiteTask(project = "examples", domain = "development", name = "slow-fib", version = "v1",
            cache = @KiteTask.Cache(version = "1", serialize = true))
    public long slowFib(Optional<Integer> n) throws InterruptedException {
        int k = n.orElse(30);
        if (k < 0 || k > 92) {
            throw new IllegalArgumentException("n must be between 0 and 92, got " + k);
        }
        long started = System.nanoTime();
        long value = k <= 35 ? naive(k) : iterative(k);
        long left = AT_LEAST.toNanos() - (System.nanoTime() - started);
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
        return value;
    }

    private static long naive(int k) {
        return k < 2 ? k : naive(k - 1) + naive(k - 2);
    }

    /** Naive recursion beyond 35 would take minutes. */
    private static long iterative(int k) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < k; i++) {
            long next = a + b;
            a = b;
            b = next;
        }
        return a;
    }
}
