package dev.kite.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.data.DataStore;

/**
 * A {@link TaskContext} for tests, made by {@link Contexts#of}: what the engine would hand a plugin
 * for one attempt. The withers change what a test needs; {@link #attempt(int)} gives the next
 * attempt its own generated name and raw output prefix, as the engine does.
 *
 * @param <C> the plugin's config class
 */
public record TestContext<C>(TaskTemplate task, UUID executionId, C config, Object preparedConfig, ObjectNode inputs, int attempt,
        String generatedName, Instant startTime, long seed, boolean interruptible, Instant deadline,
        Map<String, String> secrets, TestDataStore store) implements TaskContext<C> {

    public TestContext {
        secrets = Map.copyOf(secrets);
    }

    /** What the plugin's {@code prepare} made of the config, as the engine hands it over. */
    @Override
    @SuppressWarnings("unchecked")
    public <P> P prepared() {
        return (P) preparedConfig;
    }

    /** The engine's idempotency key of an execution: the same across attempts. */
    @Override
    public String executionKey() {
        return Names.executionKey(executionId);
    }

    @Override
    public Optional<String> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    @Override
    public URI rawOutputPrefix() {
        return store.rawOutputPrefix(task.id(), executionId, attempt);
    }

    @Override
    public DataStore data() {
        return store.view();
    }

    /** The context of attempt {@code n} of the same execution: its own generated name and output prefix. */
    public TestContext<C> attempt(int n) {
        return new TestContext<>(task, executionId, config, preparedConfig, inputs, n, Names.attemptName(executionId, n), startTime, seed,
                interruptible, deadline, secrets, store);
    }

    public TestContext<C> interruptible(boolean on) {
        return new TestContext<>(task, executionId, config, preparedConfig, inputs, attempt, generatedName, startTime, seed, on, deadline,
                secrets, store);
    }

    public TestContext<C> deadline(Instant at) {
        return new TestContext<>(task, executionId, config, preparedConfig, inputs, attempt, generatedName, startTime, seed, interruptible,
                at, secrets, store);
    }
}
