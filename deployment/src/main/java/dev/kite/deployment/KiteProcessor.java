package dev.kite.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import io.quarkus.deployment.builditem.SystemPropertyBuildItem;

class KiteProcessor {

    private static final String FEATURE = "kite";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * Quarkus answers a request target that {@code java.net.URI} rejects (a malformed
     * percent-encoding, a raw space) with an empty 400 before any route sees it; switched off
     * here, Kite's {@code RequestBoundary} makes the same check and answers with a problem document.
     */
    @BuildStep
    SystemPropertyBuildItem uriValidationByKite() {
        return new SystemPropertyBuildItem("vertx.disableURIValidation", "true");
    }

    /**
     * Tracing is off unless switched on: the OpenTelemetry SDK stays disabled (run time, so that
     * {@code QUARKUS_OTEL_SDK_DISABLED=false} turns it on without a rebuild) and the engine then
     * creates no spans at all. An application's own {@code quarkus.otel.sdk.disabled} wins.
     */
    @BuildStep
    RunTimeConfigurationDefaultBuildItem tracingOffByDefault() {
        return new RunTimeConfigurationDefaultBuildItem("quarkus.otel.sdk.disabled", "true");
    }
}
