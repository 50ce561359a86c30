package dev.kite.engine;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.data.DataStores;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskTrace;
import dev.kite.spi.data.DataStore;

/** The engine's {@link TaskContext}: a view of one attempt of one execution. */
record AttemptContext<C>(TaskTemplate task, UUID executionId, C config, Object preparedConfig, ObjectNode inputs, int attempt,
        String generatedName, Instant startTime, long seed, boolean interruptible, Instant deadline,
        List<TaskError> previousErrors, TaskTrace trace)
        implements TaskContext<C> {

    /** This context for a plugin call traced by {@code callTrace}. */
    AttemptContext<C> withTrace(TaskTrace callTrace) {
        return new AttemptContext<>(task, executionId, config, preparedConfig, inputs, attempt, generatedName, startTime, seed,
                interruptible, deadline, previousErrors, callTrace);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <P> P prepared() {
        return (P) preparedConfig;
    }

    @Override
    public String executionKey() {
        return Run.executionKey(executionId);
    }

    @Override
    public URI rawOutputPrefix() {
        return DataStores.current().rawOutputPrefix(task.id(), executionId, attempt);
    }

    @Override
    public DataStore data() {
        return DataStores.current();
    }

    @Override
    public Optional<String> secret(String name) {
        return ConfigProvider.getConfig().getOptionalValue("kite.secrets.\"" + name + "\"", String.class);
    }
}
