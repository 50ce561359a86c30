package dev.kite.server.operations;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Tracing on, as an operator switches it on at run time; spans go to {@link SpanCapture}, exported at once. */
public class TracingOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.bsp.schedule.delay", "PT0.05S",
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9");
    }
}
