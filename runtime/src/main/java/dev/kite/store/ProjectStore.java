package dev.kite.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Projects in PostgreSQL, on the reactive client (as executions are). */
@ApplicationScoped
public class ProjectStore {

    private static final String INSERT = "insert into projects (id, name, description) values ($1, $2, $3) "
            + "on conflict (id) do nothing";

    @Inject
    Pool pool;

    /** Creates the project unless it exists; true when this call created it (an existing one is left as it is). */
    public Uni<Boolean> create(String id, String name, String description) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(id, name, description)).map(rows -> rows.rowCount() == 1);
    }

    /** Creates the project (named by its id) unless it exists. */
    public Uni<Void> ensure(String id, String description) {
        return create(id, id, description).replaceWithVoid();
    }

    /** One project, or null. */
    public Uni<StoredProject> find(String id) {
        return pool.preparedQuery("select " + StoredProject.COLUMNS + " from projects where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : StoredProject.of(rows.iterator().next()));
    }

    public Uni<Boolean> exists(String id) {
        return pool.preparedQuery("select 1 from projects where id = $1").execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    /** Every project, by id. */
    public Uni<List<StoredProject>> all() {
        return pool.query("select " + StoredProject.COLUMNS + " from projects order by id").execute().map(rows -> {
            List<StoredProject> list = new ArrayList<>(rows.size());
            for (Row r : rows) {
                list.add(StoredProject.of(r));
            }
            return list;
        });
    }
}
