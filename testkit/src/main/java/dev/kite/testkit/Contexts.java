package dev.kite.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.spi.PluginJson;
import dev.kite.spi.TaskPlugin;

/**
 * Builds the {@link TestContext} of one attempt of a plugin's task the way the engine does: the
 * config bound to the plugin's config class, checked by its {@code validate} and compiled by its
 * {@code prepare} (the engine's own binding, {@link PluginJson}), the inputs checked against the interface and put in canonical form
 * (defaults filled in).
 *
 * <pre>{@code
 * TestContext<EchoConfig> ctx = Contexts.of(plugin)
 *         .task("{'id': {...}, 'type': 'echo', 'interface': {...}, 'config': {'prefix': '> '}}")
 *         .inputs("{'text': 'hi'}")
 *         .build();
 * }</pre>
 *
 * @param <C> the plugin's config class
 */
public final class Contexts<C> {

    /** When the default deadline and start time are: a fixed instant, so that tests repeat. */
    public static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final TaskPlugin<C> plugin;
    private TaskTemplate task;
    private ObjectNode inputs;
    private int attempt;
    private UUID executionId = UUID.fromString("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private String generatedName;
    private Instant startTime = NOW.minusSeconds(30);
    private long seed = 42L;
    private boolean interruptible;
    private Instant deadline = NOW.plus(Duration.ofMinutes(5));
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private TestDataStore store;

    private Contexts(TaskPlugin<C> plugin) {
        this.plugin = plugin;
    }

    /** A builder for contexts of {@code plugin}'s tasks. */
    public static <C> Contexts<C> of(TaskPlugin<C> plugin) {
        return new Contexts<>(plugin);
    }

    /**
     * What registering {@code task} would say about its config: every binding problem and every
     * problem the plugin's {@code validate} records (empty when the task is accepted).
     */
    public static <C> List<FieldError> problems(TaskPlugin<C> plugin, TaskTemplate task) {
        FieldErrors errors = new FieldErrors();
        PluginJson.bindAndPrepare(plugin, plugin.configType(), task, errors);
        return errors.list();
    }

    public Contexts<C> task(TaskTemplate t) {
        this.task = t;
        return this;
    }

    /** The task from its JSON (single quotes allowed), see {@link Tasks#fromJson}. */
    public Contexts<C> task(String json) {
        return task(Tasks.fromJson(json));
    }

    public Contexts<C> inputs(ObjectNode values) {
        this.inputs = values;
        return this;
    }

    /** The inputs as JSON (single quotes allowed). */
    public Contexts<C> inputs(String json) {
        return inputs((ObjectNode) Tasks.json(json));
    }

    public Contexts<C> attempt(int n) {
        this.attempt = n;
        return this;
    }

    public Contexts<C> executionId(UUID id) {
        this.executionId = id;
        return this;
    }

    /** The attempt's generated name; default the engine's, {@code kite-<execution>-<attempt>}. */
    public Contexts<C> generatedName(String name) {
        this.generatedName = name;
        return this;
    }

    public Contexts<C> startTime(Instant at) {
        this.startTime = at;
        return this;
    }

    public Contexts<C> seed(long s) {
        this.seed = s;
        return this;
    }

    public Contexts<C> interruptible(boolean on) {
        this.interruptible = on;
        return this;
    }

    public Contexts<C> deadline(Instant at) {
        this.deadline = at;
        return this;
    }

    /** A secret the plugin may read with {@code ctx.secret(name)}. */
    public Contexts<C> secret(String name, String value) {
        secrets.put(name, value);
        return this;
    }

    /** The data store; default a local filesystem store under a new temporary folder. */
    public Contexts<C> data(TestDataStore s) {
        this.store = s;
        return this;
    }

    /**
     * The context.
     *
     * @throws AssertionError naming every problem when the config or the inputs would be refused
     */
    public TestContext<C> build() {
        if (task == null) {
            throw new IllegalStateException("no task: call task(...) first");
        }
        FieldErrors errors = new FieldErrors();
        PluginJson.Bound<C> bound = PluginJson.bindAndPrepare(plugin, plugin.configType(), task, errors);
        ObjectNode given = inputs != null ? inputs : (ObjectNode) Tasks.json("{}");
        ObjectNode canonical = Values.coerceInputs(task.iface().inputs(), given, "inputs", errors);
        if (!errors.isEmpty()) {
            throw new AssertionError("the engine would refuse this task or its inputs: " + errors.list());
        }
        return new TestContext<>(task, executionId, bound.config(), bound.prepared(), canonical, attempt,
                generatedName != null ? generatedName : Names.attemptName(executionId, attempt), startTime, seed,
                interruptible, deadline, secrets, store != null ? store : TestDataStore.temporary());
    }
}
