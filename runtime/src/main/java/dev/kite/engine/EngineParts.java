package dev.kite.engine;

import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kite.cache.CacheStore;
import dev.kite.config.KiteConfig;
import dev.kite.fault.OperationGuards;
import dev.kite.kubernetes.KubernetesDriver;
import dev.kite.store.ExecutionRecords;

/**
 * Everything the rooms of the engine stand on, handed in once: the stores (executions, tasks,
 * cache), the plugins, configuration, time, guards, metrics and the worker pool. {@link Engine}
 * builds it from CDI beans; the engine's unit tests from in-memory parts and a hand-driven clock.
 *
 * @param kubernetes the Kubernetes driver, or a supplier of null when no Kubernetes plugin runs
 * @param data       offloading and settling of the executions' values in the data store
 * @param telemetry  traces, metrics and the logging context of the executions
 */
record EngineParts(String nodeId, ExecutionRecords store, TaskLookup tasks, CacheStore cache, PluginRegistry plugins,
        ConfigBinder binder, KiteConfig config, EngineClock clock, ObjectMapper mapper, OperationGuards guards,
        EngineMetrics metrics, ExecutorService workers, Supplier<KubernetesDriver> kubernetes, TaskData data,
        Telemetry telemetry) {

    /** Parts whose executions are measured and logged but not traced. */
    EngineParts(String nodeId, ExecutionRecords store, TaskLookup tasks, CacheStore cache, PluginRegistry plugins,
            ConfigBinder binder, KiteConfig config, EngineClock clock, ObjectMapper mapper, OperationGuards guards,
            EngineMetrics metrics, ExecutorService workers, Supplier<KubernetesDriver> kubernetes, TaskData data) {
        this(nodeId, store, tasks, cache, plugins, binder, config, clock, mapper, guards, metrics, workers, kubernetes, data,
                new Telemetry(metrics, Tracing.OFF, config.observability(), clock));
    }
}
