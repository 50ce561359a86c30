package dev.kite.api.contract;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of executions, newest first. */
@Schema(name = "ExecutionPage", description = "A page of executions; pass nextCursor back as cursor for the next")
public record ExecutionPage(
        @Schema(required = true) List<Execution> items,
        @Schema(nullable = true, description = "Absent or null on the last page") String nextCursor) {
}
