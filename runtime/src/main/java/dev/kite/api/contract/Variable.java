package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One declared input or output. */
@Schema(name = "Variable", description = "A declared input or output: its type, and for an input an optional default")
public record Variable(
        @Schema(required = true) TypeExpression type,
        @Schema(description = "What it is, for people") String description,
        @Schema(name = "default", description = "An input's default, a value of its type (null is a real default, for none or "
                + "a union with none); absent means the input is required") Object defaultValue) {
}
