package dev.kite.api.contract;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error answer (RFC 9457), {@code application/problem+json}. */
@Schema(name = "Problem", description = "RFC 9457 problem details, with every invalid field by path")
public record Problem(
        @Schema(required = true, example = "about:blank") String type,
        @Schema(required = true, example = "Invalid request") String title,
        @Schema(required = true, example = "400") int status,
        @Schema(example = "inputs.name: expected a string, got a number") String detail,
        @Schema(required = true) List<FieldError> errors) {

    /** One invalid field. */
    @Schema(name = "FieldError", description = "A field (JSON path, or a parameter or header name) and what is wrong with it")
    public record FieldError(
            @Schema(required = true, example = "inputs.name") String path,
            @Schema(required = true, example = "expected a string, got a number") String message) {
    }
}
