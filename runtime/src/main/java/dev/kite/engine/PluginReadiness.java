package dev.kite.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import dev.kite.spi.PluginHealth;

/**
 * Each plugin's health in the readiness details ({@code "http": "up"}, {@code "spark-k8s": "down:
 * start-up check failed: ..."}) and as the gauge {@code kite_plugin_up{plugin}} (1 up, 0.5
 * degraded, 0 down). The check itself stays UP: a plugin that is down fails its own tasks, and
 * Kite keeps serving the others (like Redis, reported degraded by {@code RedisReadiness}).
 */
@Readiness
@ApplicationScoped
public class PluginReadiness implements HealthCheck {

    static final String NAME = "Plugins";

    @Inject
    PluginRegistry plugins;

    @Inject
    MeterRegistry registry;

    void onStart(@Observes StartupEvent event) {
        for (PluginRegistry.Entry e : plugins.all()) {
            Gauge.builder("kite_plugin_up", e, entry -> value(entry.health()))
                    .description("A plugin's health: 1 up, 0.5 degraded, 0 down (its tasks fail)").tag("plugin", e.name())
                    .strongReference(true).register(registry);
        }
    }

    private static double value(PluginHealth h) {
        return switch (h.state()) {
            case UP -> 1;
            case DEGRADED -> 0.5;
            case DOWN -> 0;
        };
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).up();
        for (PluginRegistry.Entry e : plugins.all()) {
            PluginHealth h = e.health();
            String state = h.state().name().toLowerCase();
            b.withData(e.name(), h.detail() == null ? state : state + ": " + h.detail());
        }
        return b.build();
    }
}
