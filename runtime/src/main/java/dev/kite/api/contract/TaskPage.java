package dev.kite.api.contract;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of task versions. */
@Schema(name = "TaskPage", description = "A page of task versions; pass nextCursor back as cursor for the next")
public record TaskPage(
        @Schema(required = true) List<Task> items,
        @Schema(nullable = true, description = "Absent or null on the last page") String nextCursor) {
}
