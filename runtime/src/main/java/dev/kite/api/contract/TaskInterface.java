package dev.kite.api.contract;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The inputs and outputs of a task, by variable name. */
@Schema(name = "TaskInterface", description = "Inputs and outputs by variable name ([A-Za-z_][A-Za-z0-9_]*); both optional")
public record TaskInterface(
        @Schema(description = "The inputs; one with a default is optional when the task runs") Map<String, Variable> inputs,
        @Schema(description = "The outputs") Map<String, Variable> outputs) {
}
