package dev.kite.api.contract;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A registered task version as the registry answers it: its canonical template, digest and registration time. */
@Schema(name = "Task", description = "A registered task version: the template in its canonical form (defaults written out, "
        + "durations normalized), with its digest and registration time")
public record Task(
        @Schema(required = true) TaskIdentifier id,
        @Schema(required = true, example = "container") String type,
        @Schema(name = "interface") TaskInterface taskInterface,
        TaskMetadata metadata,
        Map<String, Object> config,
        Container container,
        @Schema(required = true, description = "Lowercase hex SHA-256 of the canonical template: equal digests, identical "
                + "templates", example = "413c6faec8766b77791eef0c753597b36a367be6573462d2d6c599938db8e17a") String digest,
        @Schema(required = true, format = "date-time") String registeredAt,
        @Schema(description = "On registration: what was accepted but is discouraged (a name over 32 characters, ...)")
        List<String> warnings) {
}
