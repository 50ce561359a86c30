package dev.kite.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteBuildConfig;
import dev.kite.config.KiteConfig;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskPlugin;

/**
 * Task type → plugin. Built once at start-up from the plugin beans and the task types their
 * classes declare with {@code @TaskTypes} (both found at build time, see {@link DeclaredPlugins})
 * and {@code kite.plugins.*}; each plugin's start-up check decides its health.
 */
@ApplicationScoped
public class PluginRegistry {

    private static final Logger LOG = Logger.getLogger(PluginRegistry.class);

    /** What a plugin whose start-up check has not ended yet reports. */
    public static final String CHECKING = "its start-up check is running";

    /** A plugin as the engine sees it. */
    public static final class Entry {
        private final TaskPlugin<?> plugin;
        private final String className;
        private final Set<String> taskTypes;
        private final List<Class<?>> typeArguments;
        private final String shape;
        private volatile String problem;
        /** Completed once the start-up check ran (at once for a disabled plugin). */
        private final CompletableFuture<Void> checked = new CompletableFuture<>();

        Entry(TaskPlugin<?> plugin, DeclaredPlugins.Declaration declared) {
            this.plugin = plugin;
            this.className = declared.className();
            this.taskTypes = Set.copyOf(declared.taskTypes());
            this.typeArguments = declared.typeArguments();
            this.shape = plugin instanceof SyncPlugin ? "sync"
                    : plugin instanceof AsyncPlugin ? "async"
                    : plugin instanceof KubernetesPlugin ? "kubernetes" : "unknown";
        }

        public TaskPlugin<?> plugin() {
            return plugin;
        }

        public String name() {
            return plugin.name();
        }

        public String shape() {
            return shape;
        }

        /** The plugin's class (not a CDI proxy's). */
        public String className() {
            return className;
        }

        /** The class the plugin's config is bound to, as the build resolved it. */
        public Class<?> configType() {
            return typeArguments.get(0);
        }

        /** The task types the class declares with {@code @TaskTypes}. */
        public Set<String> taskTypes() {
            return taskTypes;
        }

        /** Its start-up check ran and passed. */
        public boolean healthy() {
            return checked.isDone() && problem == null;
        }

        /** Its start-up check still runs (beside Kite's start: decision 0042). */
        public boolean checking() {
            return !checked.isDone();
        }

        /** Why the plugin is unhealthy, or null. */
        public String problem() {
            return problem;
        }

        /**
         * Degraded while its start-up check runs, down when it failed, else what the plugin says now
         * (down when it throws).
         */
        public dev.kite.spi.PluginHealth health() {
            if (checking()) {
                return dev.kite.spi.PluginHealth.degraded(CHECKING);
            }
            if (problem != null) {
                return dev.kite.spi.PluginHealth.down(problem);
            }
            try {
                dev.kite.spi.PluginHealth h = plugin.health();
                return h == null ? dev.kite.spi.PluginHealth.up() : h;
            } catch (RuntimeException e) {
                return dev.kite.spi.PluginHealth.down("its health check failed: " + e);
            }
        }
    }

    @Inject
    @Any
    Instance<TaskPlugin<?>> beans;

    @Inject
    DeclaredPlugins declared;

    @Inject
    KiteConfig config;

    @Inject
    KiteBuildConfig buildConfig;

    private final Map<String, Entry> byType = new ConcurrentHashMap<>();
    /** Per task type: done once the start-up checks of the plugins claiming it ran and it is settled who serves it. */
    private final Map<String, CompletableFuture<Void>> settled = new ConcurrentHashMap<>();
    /** Task types that several plugins claim (who serves them may change once their checks ran). */
    private final Set<String> contested = ConcurrentHashMap.newKeySet();
    private final Map<String, Entry> byName = new TreeMap<>();

    void onStart(@Observes StartupEvent event) {
        // Checks may block (a remote ping); start-up runs on the main thread, not an event loop.
        List<Entry> found = new ArrayList<>();
        for (Instance.Handle<TaskPlugin<?>> h : beans.handles()) {
            // the bean's class, without creating the bean: plugins are created (and checked) all at once below
            Class<?> type = h.getBean().getBeanClass();
            TaskPlugin<?> p = h.get();
            DeclaredPlugins.Declaration d = declared.of(type).orElseThrow(() -> new IllegalStateException(
                    "plugin bean " + type.getName() + " was not found at build time: declare it as a class annotated "
                            + "@ApplicationScoped and @TaskTypes in a jar with a Jandex index or META-INF/beans.xml "
                            + "(a producer method cannot add a plugin)"));
            found.add(new Entry(p, d));
        }
        build(found);
    }

    synchronized void build(Collection<Entry> plugins) {
        Set<String> disabled = new TreeSet<>(config.plugins().disabled().orElse(List.of()));
        Map<String, List<Entry>> claims = new TreeMap<>();
        create(plugins);
        for (Entry e : plugins) {
            TaskPlugin<?> p = e.plugin;
            if (disabled.contains(p.name())) {
                LOG.infof("plugin %s is disabled by kite.plugins.disabled", p.name());
                e.checked.complete(null);
                continue;
            }
            if (byName.putIfAbsent(p.name(), e) != null) {
                throw new IllegalStateException("two plugins are named '" + p.name() + "': "
                        + byName.get(p.name()).className + " and " + e.className);
            }
            for (String type : e.taskTypes) {
                claims.computeIfAbsent(type, t -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<String, List<Entry>> claim : claims.entrySet()) {
            String type = claim.getKey();
            List<Entry> candidates = claim.getValue();
            String chosen = buildConfig.plugins().defaultFor().get(type);
            CompletableFuture<Void> checks = CompletableFuture.allOf(candidates.stream().map(c -> c.checked).toArray(CompletableFuture[]::new));
            if (chosen != null) {
                Entry match = candidates.stream().filter(c -> c.name().equals(chosen)).findFirst().orElseThrow(() -> new IllegalStateException(
                        "kite.build.plugins.default-for.\"" + type + "\" names plugin '" + chosen
                                + "', but the plugins claiming '" + type + "' are " + names(candidates)));
                // the default serves until the checks say otherwise; the type's tasks wait for them
                byType.put(type, match);
                if (candidates.size() > 1) {
                    contested.add(type);
                }
                settled.put(type, checks.thenRun(() -> byType.put(type, servingOf(type, match, candidates))));
            } else if (candidates.size() > 1) {
                // the build already refuses this (PluginProcessor); kept as a guard for hand-built registries
                throw new IllegalStateException("task type '" + type + "' is claimed by plugins " + names(candidates)
                        + "; choose one with kite.build.plugins.default-for.\"" + type + "\"");
            } else {
                byType.put(type, candidates.get(0));
                settled.put(type, checks);
            }
        }
        LOG.infof("task types: %s", new TreeSet<>(byType.keySet()));
        byName.values().forEach(PluginRegistry::checkAside);
    }

    /**
     * Creates every plugin, all at once (a thread each): they are independent, and some load a
     * driver or a client library, so start-up waits for the slowest, not for their sum. A plugin
     * that cannot be created stops the start-up, as a failing bean does.
     */
    private static void create(Collection<Entry> entries) {
        List<Thread> running = new ArrayList<>();
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Entry e : entries) {
            Thread t = new Thread(() -> {
                try {
                    e.plugin.name(); // creates the bean
                } catch (RuntimeException ex) {
                    failures.add(ex);
                }
            }, "kite-plugin-create-" + e.className.substring(e.className.lastIndexOf('.') + 1));
            t.setDaemon(true);
            t.start();
            running.add(t);
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the plugins were created", ex);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /**
     * Runs a plugin's start-up check on a thread of its own, beside the rest of Kite's start
     * (decision 0042): a failing check makes the plugin unhealthy; until it ends, the plugin is
     * reported degraded and the tasks of its types wait ({@link #whenSettled}).
     */
    private static void checkAside(Entry e) {
        Thread t = new Thread(() -> {
            try {
                e.plugin.check();
            } catch (Exception | LinkageError ex) {
                e.problem = "start-up check failed: " + ex;
                LOG.warnf("plugin %s is unhealthy: %s", e.name(), e.problem);
            } finally {
                e.checked.complete(null);
            }
        }, "kite-plugin-check-" + e.className.substring(e.className.lastIndexOf('.') + 1));
        t.setDaemon(true);
        t.start();
    }

    /** Waits until every type is {@link #settled} (for tests that drive the engine by hand). */
    void awaitChecks() {
        CompletableFuture.allOf(settled.values().toArray(CompletableFuture[]::new)).join();
    }

    /** True once the start-up checks of the plugins claiming {@code type} ran (or nothing claims it). */
    public boolean settled(String type) {
        CompletableFuture<Void> f = settled.get(type);
        return f == null || f.isDone();
    }

    /** Runs {@code then} once {@code type} is {@link #settled} (on the thread of the last check, or here). */
    public void whenSettled(String type, Runnable then) {
        settled.getOrDefault(type, CompletableFuture.completedFuture(null)).whenComplete((v, f) -> then.run());
    }

    /**
     * Completes once it is final which plugin serves {@code type}: at once where one plugin claims
     * it, else once the type is {@link #settled} (on the thread of the last check).
     */
    public Uni<Void> decided(String type) {
        return isDecided(type) ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(settled.get(type));
    }

    /** True when it is final which plugin serves {@code type} ({@link #decided}). */
    public boolean isDecided(String type) {
        return !contested.contains(type) || settled(type);
    }

    /**
     * The default plugin of a type, unless its start-up check failed and another claimant's passed:
     * then the first such claimant serves the type (a plugin that needs a cluster gives way to a
     * local one on a machine without one, for instance {@code spark}).
     */
    private static Entry servingOf(String type, Entry chosen, List<Entry> candidates) {
        if (chosen.healthy()) {
            return chosen;
        }
        Optional<Entry> healthy = candidates.stream().filter(Entry::healthy).findFirst();
        healthy.ifPresent(h -> LOG.infof("task type %s: plugin %s serves it, the default %s is unhealthy (%s)", type,
                h.name(), chosen.name(), chosen.problem()));
        return healthy.orElse(chosen);
    }

    private static List<String> names(List<Entry> entries) {
        return entries.stream().map(e -> e.name() + " (" + e.className + ")").toList();
    }

    /**
     * The handle class of an async plugin as the build resolved it; the engine's own adapters
     * (not plugin classes of their own) say theirs.
     */
    public Class<?> handleType(AsyncPlugin<?, ?> async) {
        return declared.of(ClientProxy.unwrap(async).getClass()).<Class<?>>map(DeclaredPlugins.Declaration::secondType)
                .orElseGet(async::handleType);
    }

    /** The task types this Kite can run. */
    public Set<String> knownTypes() {
        return byType.keySet();
    }

    /** The plugin serving a task type, if any. */
    public Optional<Entry> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Every enabled plugin, by name. */
    public Collection<Entry> all() {
        return byName.values();
    }
}
