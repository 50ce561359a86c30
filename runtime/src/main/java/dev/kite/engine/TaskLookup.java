package dev.kite.engine;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;

/** How the engine reads a registered template (to resume, take over or abort an execution). */
@FunctionalInterface
public interface TaskLookup {

    Uni<Optional<TaskTemplate>> template(TaskId id);
}
