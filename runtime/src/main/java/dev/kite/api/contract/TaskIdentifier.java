package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A task's identity; without a version in a submission, the newest registered version. */
@Schema(name = "TaskIdentifier", description = "A task version: project/domain/name/version")
public record TaskIdentifier(
        @Schema(required = true, example = "demo") String project,
        @Schema(required = true, example = "development") String domain,
        @Schema(required = true, example = "greet") String name,
        @Schema(description = "Required when registering; when submitting, omitted means the newest version", example = "v1") String version) {
}
