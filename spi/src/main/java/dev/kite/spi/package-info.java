/**
 * The plugin SPI: what a plugin author implements to add a task type to Kite.
 *
 * <p>A plugin is a CDI bean implementing one of three shapes:
 * <ul>
 *   <li>{@link dev.kite.spi.SyncPlugin} — runs the task and returns its result (a web-service
 *       call, a Java function, an embedded SQL query);</li>
 *   <li>{@link dev.kite.spi.AsyncPlugin} — submits remote work, returns a small handle, and is
 *       polled for status until it ends (warehouses, AWS Batch, anything with a job id);</li>
 *   <li>{@link dev.kite.spi.kubernetes.KubernetesPlugin} — builds a Kubernetes object that the engine
 *       creates, watches and deletes (pods, SparkApplications, any CRD).</li>
 * </ul>
 * The engine owns everything around a plugin: persisted state, retries, timeouts, the cache,
 * rate limits, events. Plugins are found at build time; see {@code src/docs/writing-a-plugin.md}.
 *
 * <p>A plain Java function becomes a task without writing a plugin: annotate a bean method with
 * {@link dev.kite.spi.KiteTask}; see {@code src/docs/java-tasks.md}.
 */
package dev.kite.spi;
