package dev.kite.plugin.sql;

import java.util.function.Function;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;

/**
 * The compiled form of a {@code sql} or {@code dataset-check} task version: what the plugin's
 * {@code prepare} made of it once (the engine hands it to every attempt), or compiled now for a
 * context that carries none; a config that does not compile is USER {@code INVALID_CONFIG}.
 */
final class Compiled {

    private Compiled() {
    }

    static <T> T of(TaskContext<?> ctx, Function<FieldErrors, T> compile) {
        T prepared = ctx.prepared();
        if (prepared != null) {
            return prepared;
        }
        FieldErrors errors = new FieldErrors();
        T compiled = compile.apply(errors);
        if (compiled == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG", describe(errors)));
        }
        return compiled;
    }

    /** Every problem on one line, for a task error's message. */
    static String describe(FieldErrors errors) {
        return String.join("; ", errors.list().stream().map(FieldError::toString).toList());
    }
}
