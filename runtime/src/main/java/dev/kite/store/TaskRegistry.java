package dev.kite.store;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;

/**
 * The task registry as a service: the one way in to registered tasks for the REST API, the
 * {@code @KiteTask} registrar and the engine. Registration of an immutable version (created,
 * identical again, or a conflict), with its project required to exist or created on demand; reads
 * of versions and templates (the engine's are cached, see {@link TaskStore}).
 */
@ApplicationScoped
public class TaskRegistry {

    /** What a registration did; {@link Outcome#NO_PROJECT} when the project does not exist. */
    public enum Outcome { CREATED, IDENTICAL, CONFLICT, NO_PROJECT }

    /** A registration's outcome and the stored row (null for {@link Outcome#NO_PROJECT}). */
    public record Registration(Outcome outcome, StoredTask stored) {
    }

    @Inject
    TaskStore tasks;

    @Inject
    ProjectStore projects;

    /** Registers a version in an existing project. */
    public Uni<Registration> register(TaskTemplate template) {
        return projectExists(template.id().project()).chain(exists -> exists
                ? tasks.register(template).map(TaskRegistry::outcome)
                : Uni.createFrom().item(new Registration(Outcome.NO_PROJECT, null)));
    }

    /** Registers a version, creating its project (with {@code description}) when it is missing. */
    public Uni<Registration> registerCreatingProject(TaskTemplate template, String description) {
        return projects.ensure(template.id().project(), description)
                .chain(() -> tasks.register(template)).map(TaskRegistry::outcome);
    }

    public Uni<Boolean> projectExists(String project) {
        return projects.exists(project);
    }

    /** One stored version, or null. */
    public Uni<StoredTask> find(TaskId id) {
        return tasks.find(id);
    }

    /** Versions of one task, newest first, after the cursor (a {@code seq}). */
    public Uni<List<StoredTask>> versions(String project, String domain, String name, Long before, int limit) {
        return tasks.versions(project, domain, name, before, limit);
    }

    /** Tasks of a project (and domain, when given) in registration order, after the cursor. */
    public Uni<List<StoredTask>> list(String project, String domain, Long after, int limit) {
        return tasks.list(project, domain, after, limit);
    }

    /** The template of a version, or of the newest version when {@code id.version()} is null. */
    public Uni<Optional<TaskTemplate>> template(TaskId id) {
        return tasks.template(id);
    }

    /** Parses a stored template. */
    public TaskTemplate parse(StoredTask e) {
        return tasks.parse(e);
    }

    private static Registration outcome(TaskStore.Registration r) {
        return new Registration(switch (r.outcome()) {
            case CREATED -> Outcome.CREATED;
            case IDENTICAL -> Outcome.IDENTICAL;
            case CONFLICT -> Outcome.CONFLICT;
        }, r.stored());
    }
}
