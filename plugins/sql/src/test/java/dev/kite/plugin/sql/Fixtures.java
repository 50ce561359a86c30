package dev.kite.plugin.sql;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.data.DataStore;

/**
 * What the plugin tests share: real warehouses (the embedded DuckDB, the machine's PostgreSQL and
 * MariaDB, with the database and role {@code kite_wh} that {@code scripts/services.sh} creates),
 * tasks built from JSON, and a context for one attempt.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PG_URL = System.getenv().getOrDefault("KITE_WH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/kite_wh");
    static final String MARIA_URL = System.getenv().getOrDefault("KITE_WH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/kite_wh");

    record Wh(String url, Optional<String> username, Optional<String> passwordSecret, int poolSize,
            OptionalInt maxConcurrent, Optional<Duration> statementTimeout, boolean readOnly) implements SqlSettings.Warehouse {
    }

    record Settings(Map<String, SqlSettings.Warehouse> warehouses, String defaultWarehouse, int maxRows, int sampleRows)
            implements SqlSettings {
    }

    static Wh pg() {
        return new Wh(PG_URL, Optional.of("kite_wh"), Optional.of("wh-password"), 4, OptionalInt.empty(), Optional.empty(), false);
    }

    static Wh maria() {
        return new Wh(MARIA_URL, Optional.of("kite_wh"), Optional.of("wh-password"), 4, OptionalInt.empty(), Optional.empty(), false);
    }

    /** duckdb (embedded), pg, maria; rows capped at 100. */
    static Warehouses warehouses() {
        Map<String, SqlSettings.Warehouse> m = new TreeMap<>();
        m.put("pg", pg());
        m.put("maria", maria());
        return new Warehouses(new Settings(m, SqlSettings.EMBEDDED, 100, 3));
    }

    static Warehouses warehouses(Map<String, SqlSettings.Warehouse> m) {
        return new Warehouses(new Settings(m, SqlSettings.EMBEDDED, 100, 3));
    }

    /** A task of {@code type} from its interface and config (JSON, single quotes allowed). */
    static TaskTemplate task(String type, String iface, String config) {
        ObjectNode body = (ObjectNode) read("{'id': {'project': 'p', 'domain': 'development', 'name': 't', 'version': 'v1'}}");
        body.put("type", type);
        body.set("interface", read(iface));
        JsonNode c;
        try {
            c = JSON.readTree(config);
        } catch (Exception e) {
            c = read(config);
        }
        body.set("config", c);
        return TaskTemplate.parse(body, Set.of(type), Set.of("development")).template();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static JsonNode readExact(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The attempt context of {@code task} with {@code inputs} (coerced as the engine does). */
    static <C> Ctx<C> ctx(TaskTemplate task, Class<C> configType, JsonNode inputs, Duration timeout) {
        FieldErrors errors = new FieldErrors();
        ObjectNode coerced = Values.coerceInputs(task.iface().inputs(), inputs, "inputs", errors);
        errors.throwIfAny();
        C config = JSON.convertValue(task.config(), configType);
        return new Ctx<>(task, config, coerced, Instant.now().plus(timeout), new LocalFiles(true));
    }

    static final class Ctx<C> implements TaskContext<C> {
        private final TaskTemplate task;
        private final C config;
        private final ObjectNode inputs;
        private final Instant deadline;
        private final DataStore data;
        private final UUID id = UUID.randomUUID();
        private final URI prefix;

        Ctx(TaskTemplate task, C config, ObjectNode inputs, Instant deadline, DataStore data) {
            this.task = task;
            this.config = config;
            this.inputs = inputs;
            this.deadline = deadline;
            this.data = data;
            try {
                this.prefix = Files.createTempDirectory("kite-sql-test-").resolve("raw").toUri().resolve("raw/");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public TaskTemplate task() {
            return task;
        }

        public UUID executionId() {
            return id;
        }

        public C config() {
            return config;
        }

        public ObjectNode inputs() {
            return inputs;
        }

        public int attempt() {
            return 0;
        }

        public String generatedName() {
            return "a" + id.toString().replace("-", "").substring(0, 20) + "-0";
        }

        public String executionKey() {
            return id.toString();
        }

        public Instant startTime() {
            return Instant.now();
        }

        public long seed() {
            return 1;
        }

        public boolean interruptible() {
            return false;
        }

        public Instant deadline() {
            return deadline;
        }

        public Optional<String> secret(String name) {
            return name.equals("wh-password") ? Optional.of("kite_wh") : Optional.empty();
        }

        public URI rawOutputPrefix() {
            return prefix;
        }

        public DataStore data() {
            return data;
        }

        Path rawOutputDir() {
            return Path.of(prefix);
        }
    }

    /** Runs one attempt of a sql task to its end. */
    static TaskResult runSql(SqlPlugin plugin, TaskTemplate task, String inputs) {
        return plugin.run(ctx(task, SqlTaskConfig.class, readExact(inputs), Duration.ofMinutes(2))).await().atMost(Duration.ofMinutes(3));
    }

    static String unique(String base) {
        return base + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private Fixtures() {
    }
}
