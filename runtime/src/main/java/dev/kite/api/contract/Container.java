package dev.kite.api.contract;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The container of a task that runs one (src/docs/container-tasks.md). */
@Schema(name = "Container", description = "A container: image, command and args (templates: {{.inputs.name}}), environment, "
        + "resources (src/docs/container-tasks.md)")
public record Container(
        @Schema(required = true, example = "busybox:1.36") String image,
        @Schema(description = "Templates, each one argument", example = "[\"sh\", \"-c\"]") List<String> command,
        @Schema(description = "Templates, each one argument", example = "[\"echo Hello {{.inputs.name}}\"]") List<String> args,
        @Schema(description = "Environment variables (values are templates)") Map<String, String> env,
        Resources resources,
        @Schema(description = "The pod's service account") String serviceAccount,
        @Schema(description = "Inputs are passed in a mounted secret rather than in the pod spec", defaultValue = "false")
        Boolean sensitiveInputs,
        @Schema(description = "More memory after an OOM kill (defaults kite.container.oom-retry.*)") OomRetry oomRetry) {

    /** Requests and limits by resource name. */
    @Schema(name = "Resources", description = "Kubernetes quantities by resource: {\"cpu\": \"500m\", \"memory\": \"256Mi\"}")
    public record Resources(Map<String, String> requests, Map<String, String> limits) {
    }

    /** The memory of the next attempt after an OOM kill. */
    @Schema(name = "OomRetry", description = "After an OOM kill the next attempt's memory is multiplied by factor, at most maxMemory")
    public record OomRetry(@Schema(minimum = "1", maximum = "10", example = "1.5") Double factor,
            @Schema(example = "8Gi") String maxMemory) {
    }
}
