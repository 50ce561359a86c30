package dev.kite.fault;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Histograms of the time single calls take (a PostgreSQL statement, a Redis command, a cache
 * lookup), in seconds with fixed buckets from 1 ms to 10 s, tagged with their outcome. The clock
 * runs from the subscription to the answer, so a retried call is measured once per try.
 */
public final class CallTimes {

    /** Buckets of single calls. */
    static final Duration[] SHORT = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String name;
    private final String help;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public CallTimes(MeterRegistry registry, String name, String help) {
        this.registry = registry;
        this.name = name;
        this.help = help;
    }

    /** The timer of {@code tags} (name, value, ...; always the same names for one histogram). */
    public Timer timer(String... tags) {
        return timers.computeIfAbsent(String.join("|", tags), k -> Timer.builder(name).description(help).tags(tags)
                .serviceLevelObjectives(SHORT).register(registry));
    }

    /** {@code call}, timed under {@code tag}={@code value} with {@code outcome}=success or failure. */
    public <T> Uni<T> time(Uni<T> call, String tag, String value) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.onItemOrFailure().invoke((item, failure) -> timer(tag, value, "outcome",
                    failure == null ? "success" : "failure").record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }
}
