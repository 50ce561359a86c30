package dev.kite.security;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.kite.api.ProblemException;

/**
 * The one place that decides who may do what (src/docs/security.md): a resource asks for the
 * caller at the start of a request and checks it against the project a resource belongs to.
 * Nothing here tells a caller whether something exists in a project it cannot see: such a check
 * fails with the resource's own "not found".
 */
@ApplicationScoped
public class ProjectAccess {

    @Inject
    CurrentCaller current;

    /** The caller of the current request (authenticated: the filter answered 401 otherwise). */
    public Caller caller() {
        Caller c = current.get();
        if (c == null) {
            throw SecurityProblems.unauthorized(null, "no credentials");
        }
        return c;
    }

    /** True when the caller has any role in {@code project}. */
    public boolean canSee(Caller c, String project) {
        return c.grants().role(project) != null;
    }

    /** True when the caller sees every project ({@code *:<role>}). */
    public boolean seesEverything(Caller c) {
        return c.grants().everywhere() != null;
    }

    /**
     * Fails unless the caller has {@code role} in {@code project}: with {@code hidden} (the
     * resource's own 404) when it has no role there at all, with 403 when its role is too low.
     */
    public void require(Caller c, String project, Role role, Supplier<ProblemException> hidden) {
        Role have = c.grants().role(project);
        if (have == null) {
            throw hidden.get();
        }
        if (!have.includes(role)) {
            throw SecurityProblems.forbidden(c, "you are " + have.label() + " of project '" + project + "'; this needs "
                    + role.label());
        }
    }

    /** {@link #require} hiding the project itself ("no project"). */
    public void require(Caller c, String project, Role role) {
        require(c, project, role, () -> ProblemException.notFound("no project '" + project + "'"));
    }

    /** Fails with 403 unless the caller has {@code role} in every project. */
    public void requireEverywhere(Caller c, Role role) {
        Role have = c.grants().everywhere();
        if (have == null || !have.includes(role)) {
            throw SecurityProblems.forbidden(c, "this needs " + role.label() + " of every project (*:" + role.label() + ")");
        }
    }

    /** Fails with 403 unless the caller is an operator. */
    public void requireOperator(Caller c) {
        if (!c.grants().operator()) {
            throw SecurityProblems.forbidden(c, "this needs the operator role");
        }
    }
}
