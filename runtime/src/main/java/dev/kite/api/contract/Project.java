package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A project: the body of {@code POST /api/v1/projects}, and what the project endpoints answer. */
@Schema(name = "Project", description = "A namespace of tasks and executions")
public record Project(
        @Schema(required = true, pattern = "^[a-z0-9][a-z0-9_-]{0,62}$", example = "demo") String id,
        @Schema(description = "For people; the id when absent", example = "Demo") String name,
        @Schema(description = "Empty when absent") String description,
        @Schema(readOnly = true, format = "date-time") String createdAt) {
}
