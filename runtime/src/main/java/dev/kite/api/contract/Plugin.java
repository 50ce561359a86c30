package dev.kite.api.contract;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plugin of this Kite. */
@Schema(name = "Plugin", description = "A plugin: the task types it runs and its health")
public record Plugin(
        @Schema(required = true, example = "http") String name,
        @Schema(required = true) List<String> taskTypes,
        @Schema(required = true, enumeration = {"sync", "async", "kubernetes", "unknown"}) String shape,
        @Schema(required = true) boolean healthy,
        @Schema(nullable = true) String problem,
        @Schema(name = "class", required = true) String className) {
}
