package dev.kite.store;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Projects in PostgreSQL, for code that needs one to exist (the API creates them with their own checks). */
@ApplicationScoped
public class ProjectStore {

    /** Creates the project unless it exists; an existing one is left as it is. */
    public Uni<Void> ensure(String id, String description) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("insert into projects (id, name, description) values (?1, ?2, ?3) on conflict (id) do nothing")
                .setParameter(1, id).setParameter(2, id).setParameter(3, description)
                .executeUpdate())).replaceWithVoid();
    }
}
