package dev.kite.api.contract;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/executions}. */
@Schema(name = "SubmitRequest", description = "An execution to start")
public record SubmitRequest(
        @Schema(required = true) TaskIdentifier task,
        @Schema(description = "Input values by name, of the types of the task's interface", example = "{\"name\": \"Ada\"}")
        Map<String, Object> inputs,
        @Schema(description = "A client name, unique in the project and domain: submitting it again answers the same "
                + "execution (200) or 409 when the task or inputs differ", minLength = 1, maxLength = 256, example = "nightly-2026-12-01")
        String name,
        @Schema(description = "Run even when cached outputs exist, and replace them", defaultValue = "false") Boolean overwriteCache) {
}
