package dev.kite.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteBuildConfig;
import dev.kite.config.KiteConfig;
import dev.kite.fault.OperationGuards;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.store.ExecutionRow;

/**
 * One engine on in-memory parts for unit tests: an in-memory execution store and cache, a
 * hand-driven clock, the steerable {@code script} (sync) and {@code remote} (async) plugins, and
 * the real configuration mapping with test values. Everything runs on the test's thread.
 */
final class Floor {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("script", "remote", "nothing-runs-this");

    final ManualClock clock;
    final InMemoryExecutions store;
    final InMemoryCache cache;
    final TestPlugins.Script script = new TestPlugins.Script();
    final TestPlugins.Remote remote = new TestPlugins.Remote();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Map<TaskId, TaskTemplate> templates;
    final KiteConfig config;
    /** Built once per distinct settings: building a mapping is the slow part of a floor. */
    private static final Map<Map<String, String>, SmallRyeConfig> CONFIGS = new ConcurrentHashMap<>();
    final EngineCore core;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "floor-worker");
        t.setDaemon(true);
        return t;
    });

    Floor() {
        this(Map.of());
    }

    Floor(Map<String, String> settings) {
        this("node-a", settings, new ManualClock(), null, new InMemoryCache(), new ConcurrentHashMap<>(), Tracing.OFF);
    }

    /** A floor whose executions are traced with {@code tracer}. */
    Floor(io.opentelemetry.api.trace.Tracer tracer) {
        this("node-a", Map.of(), new ManualClock(), null, new InMemoryCache(), new ConcurrentHashMap<>(), new Tracing(tracer));
    }

    private Floor(String node, Map<String, String> settings, ManualClock clock, InMemoryExecutions store,
            InMemoryCache cache, Map<TaskId, TaskTemplate> templates, Tracing tracing) {
        this.clock = clock;
        this.store = store == null ? new InMemoryExecutions(clock) : store;
        this.cache = cache;
        this.templates = templates;
        Map<String, String> values = new HashMap<>(Map.of(
                "kite.retry.initial-backoff", "100ms", "kite.retry.max-backoff", "1s",
                "kite.retry.backoff-jitter", "0", "kite.retry.system-retries", "2",
                "kite.engine.max-failed-polls", "3", "kite.cache.wait-poll-interval", "100ms",
                "kite.cache.reservation-ttl", "3s", "kite.engine.running-write-delay", "0s"));
        values.putAll(settings);
        SmallRyeConfig c = CONFIGS.computeIfAbsent(values, v -> new SmallRyeConfigBuilder().withMapping(KiteConfig.class)
                .withMapping(KiteBuildConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withDefaultValues(v).build());
        this.config = c.getConfigMapping(KiteConfig.class);
        PluginRegistry plugins = new PluginRegistry();
        plugins.config = config;
        plugins.buildConfig = c.getConfigMapping(KiteBuildConfig.class);
        DeclaredPlugins declared = new DeclaredPlugins(
                Map.of(TestPlugins.Script.class.getName(), List.of("script"), TestPlugins.Remote.class.getName(), List.of("remote")),
                Map.of(TestPlugins.Script.class.getName(), List.of(dev.kite.spi.NoConfig.class.getName()),
                        TestPlugins.Remote.class.getName(), List.of(dev.kite.spi.NoConfig.class.getName(),
                                TestPlugins.Job.class.getName())));
        plugins.declared = declared;
        plugins.build(List.of(new PluginRegistry.Entry(script, declared.of(TestPlugins.Script.class).orElseThrow()),
                new PluginRegistry.Entry(remote, declared.of(TestPlugins.Remote.class).orElseThrow())));
        // the start-up checks run on threads of their own; the engine under test starts once they ran
        plugins.awaitChecks();
        ConfigBinder binder = new ConfigBinder();
        binder.declared = declared;
        Supplier<dev.kite.kubernetes.KubernetesDriver> noKubernetes = () -> null;
        EngineMetrics metrics = new EngineMetrics(registry);
        EngineParts parts = new EngineParts(node, this.store, id -> Uni.createFrom().item(Optional.ofNullable(find(id))),
                cache, plugins, binder, config, clock, MAPPER, PASS_THROUGH, metrics, WORKERS, noKubernetes,
                TaskData.INLINE, new Telemetry(metrics, tracing, config.observability(), clock));
        this.core = new EngineCore(parts);
    }

    /** A second process on the same store, cache and clock (for takeover). */
    Floor another(String node) {
        return new Floor(node, Map.of(), clock, store, cache, templates, Tracing.OFF);
    }

    private TaskTemplate find(TaskId id) {
        if (id.version() == null) { // the newest: in these tests, the highest version
            return templates.values().stream().filter(t -> t.id().withVersion(null).equals(id))
                    .max(java.util.Comparator.comparing(t -> t.id().version())).orElse(null);
        }
        return templates.get(id);
    }

    /** Registers a template given as JSON (single quotes allowed); its domain is {@code development}. */
    TaskTemplate register(String json) {
        TaskTemplate t = TaskTemplate.parse(json(json.replace('\'', '"')), TYPES, Set.of("development")).template();
        templates.put(t.id(), t);
        return t;
    }

    static final OperationGuards PASS_THROUGH = new OperationGuards() {
        @Override
        public <T> Uni<T> database(Supplier<Uni<T>> op) {
            return Uni.createFrom().deferred(op::get);
        }

        @Override
        public <T> Uni<T> plugin(String target, Supplier<Uni<T>> op) {
            return Uni.createFrom().deferred(op::get);
        }
    };

    /** Registers a task of {@code type} in {@code project} with {@code metadata} (JSON, may be "{}"). */
    TaskTemplate task(String project, String type, String metadata) {
        String json = """
                {"id": {"project": "%s", "domain": "development", "name": "t", "version": "v1"},
                 "type": "%s",
                 "interface": {"inputs": {"value": {"type": "integer", "default": 0}},
                               "outputs": {"value": {"type": "integer"}}},
                 "metadata": %s}""".formatted(project, type, metadata);
        TaskTemplate t = TaskTemplate.parse(json(json.replace('\'', '"')), TYPES, Set.of("development")).template();
        templates.put(t.id(), t);
        return t;
    }

    TaskTemplate task(String metadata) {
        return task("p", "script", metadata);
    }

    Submitted submitNamed(TaskTemplate t, int value, String name) {
        ObjectNode inputs = MAPPER.createObjectNode().put("value", value);
        return core.submit(t, inputs, name, false, null).await().atMost(Duration.ofSeconds(5));
    }

    UUID submit(TaskTemplate t, int value) {
        return submitNamed(t, value, null).id();
    }

    UUID submitOverwriting(TaskTemplate t, int value) {
        ObjectNode inputs = MAPPER.createObjectNode().put("value", value);
        return core.submit(t, inputs, null, true, null).await().atMost(Duration.ofSeconds(5)).id();
    }

    ExecutionRow row(UUID id) {
        return store.row(id);
    }

    String phase(UUID id) {
        return row(id).phase();
    }

    JsonNode attempts(UUID id) {
        return json(row(id).attempts());
    }

    JsonNode error(UUID id) {
        return json(row(id).error());
    }

    void abort(UUID id) {
        core.abort(id).await().atMost(Duration.ofSeconds(5));
    }

    void sweep() {
        core.sweep().await().atMost(Duration.ofSeconds(5));
    }

    void advance(long ms) {
        clock.advanceMillis(ms);
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    static JsonNode json(String text) {
        try {
            return text == null ? null : MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
