package dev.kite.plugin.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.CollectionType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.TaskTemplate;
import dev.kite.model.UnionType;
import dev.kite.model.Templates;
import dev.kite.model.Variable;

/**
 * A {@code batch} task's config, checked and with its templates parsed.
 *
 * @param queue        the job queue
 * @param fargate      whether the job runs on Fargate
 * @param command      the command templates (empty: the definition's command)
 * @param environment  environment templates by name
 * @param arrayInput   the collection input of an array job, or null
 * @param minSuccesses the count (when ≥ 1 and integral) or ratio of children that must succeed; null: all
 * @param arrayOutput  the collection output that receives the children's outputs in child order, or null
 */
record BatchSpec(BatchTaskConfig config, String queue, boolean fargate, List<Templates.Template> command,
        Map<String, Templates.Template> environment, String arrayInput, JsonNode minSuccesses, String arrayOutput) {

    /** Environment names Kite sets itself. */
    static final List<String> RESERVED_ENV = List.of("KITE_ARRAY_ELEMENTS", "KITE_ARRAY_SIZE", "KITE_ARRAY_INPUTS",
            "KITE_ARRAY_OUTPUTS", "AWS_BATCH_JOB_ARRAY_INDEX");

    /** The spec, or null after recording errors. */
    static BatchSpec compile(TaskTemplate task, BatchTaskConfig c, String defaultQueue, FieldErrors errors) {
        int before = errors.size();
        String queue = c.queue() != null ? c.queue() : defaultQueue;
        if (queue == null || queue.isBlank()) {
            errors.add("config.queue", "required: name the job queue (or set kite.batch.default-queue)");
        }
        String platform = c.platform() == null ? "EC2" : c.platform();
        if (!platform.equals("EC2") && !platform.equals("FARGATE")) {
            errors.add("config.platform", "expected EC2 or FARGATE");
        }
        boolean fargate = platform.equals("FARGATE");
        checkDefinition(c, fargate, errors);
        Templates.Scope scope = Templates.Scope.inputs(task.iface());
        List<Templates.Template> command = new ArrayList<>();
        if (c.command() != null) {
            for (int i = 0; i < c.command().size(); i++) {
                String path = FieldErrors.index("config.command", i);
                if (c.command().get(i) == null) {
                    errors.add(path, "expected a string");
                } else {
                    command.add(Templates.parse(c.command().get(i), scope, path, errors));
                }
            }
        }
        Map<String, Templates.Template> env = new LinkedHashMap<>();
        if (c.environment() != null) {
            c.environment().forEach((k, v) -> {
                String path = FieldErrors.child("config.environment", k);
                if (RESERVED_ENV.contains(k)) {
                    errors.add(path, "set by Kite for array jobs; choose another name");
                } else if (v == null) {
                    errors.add(path, "expected a string");
                } else {
                    env.put(k, Templates.parse(v, scope, path, errors));
                }
            });
        }
        String arrayOutput = checkArray(task, c, errors);
        return errors.size() == before
                ? new BatchSpec(c, queue, fargate, command, env, c.arrayInput(), c.minSuccesses(), arrayOutput) : null;
    }

    private static void checkDefinition(BatchTaskConfig c, boolean fargate, FieldErrors errors) {
        if (c.jobDefinition() != null && c.image() != null) {
            errors.add("config.image", "give either config.jobDefinition (an existing definition) or config.image"
                    + " (Kite registers a definition), not both");
        } else if (c.jobDefinition() == null && c.image() == null) {
            errors.add("config.jobDefinition", "required: an existing job definition, or config.image with"
                    + " config.vcpus and config.memory for Kite to register one");
        } else if (c.image() != null) {
            if (c.vcpus() == null) {
                errors.add("config.vcpus", "required with config.image");
            }
            if (c.memory() == null) {
                errors.add("config.memory", "required with config.image (MiB)");
            }
            if (fargate && c.executionRole() == null) {
                errors.add("config.executionRole", "required on Fargate with config.image");
            }
        }
        if (c.vcpus() != null && !(c.vcpus() > 0)) {
            errors.add("config.vcpus", "must be positive");
        }
        if (c.memory() != null && c.memory() <= 0) {
            errors.add("config.memory", "must be positive (MiB)");
        }
        if (c.gpus() != null && c.gpus() < 0) {
            errors.add("config.gpus", "must not be negative");
        }
    }

    /** Checks arrayInput/minSuccesses; returns the output that receives the children's outputs. */
    private static String checkArray(TaskTemplate task, BatchTaskConfig c, FieldErrors errors) {
        if (c.arrayInput() == null) {
            if (c.minSuccesses() != null) {
                errors.add("config.minSuccesses", "only for array jobs (config.arrayInput)");
            }
            return null;
        }
        Variable in = task.iface().inputs().get(c.arrayInput());
        if (in == null || !(in.type() instanceof CollectionType)) {
            errors.add("config.arrayInput", "must name a collection input of the task's interface");
        }
        JsonNode m = c.minSuccesses();
        if (m != null) {
            boolean count = m.isIntegralNumber() && m.asLong() >= 0;
            boolean ratio = m.isFloatingPointNumber() && m.asDouble() > 0 && m.asDouble() <= 1;
            if (!count && !ratio) {
                errors.add("config.minSuccesses", "expected a count (an integer ≥ 0) or a ratio (0 < r ≤ 1, e.g. 0.9)");
            }
        }
        String output = null;
        for (Map.Entry<String, Variable> o : task.iface().outputs().entrySet()) {
            if (o.getValue().type() instanceof CollectionType ct && output == null) {
                output = o.getKey();
                if (m != null && !acceptsNone(ct.element())) {
                    errors.warn(FieldErrors.child("interface.outputs", o.getKey()), "a failed child has no output (null):"
                            + " with config.minSuccesses the element type should accept none, e.g. {\"union\": [T, \"none\"]},"
                            + " or a success with failed children fails the output check");
                }
            } else {
                errors.add(FieldErrors.child("interface.outputs", o.getKey()), "an array batch task has at most one"
                        + " output, a collection: the children's outputs (array/outputs/<index>.json) in child order");
            }
        }
        return output;
    }

    private static boolean acceptsNone(LiteralType t) {
        return t.equals(LiteralType.NONE) || t instanceof UnionType u && u.variants().contains(LiteralType.NONE);
    }

    /** Children that must succeed out of {@code size}. */
    int required(int size) {
        if (minSuccesses == null) {
            return size;
        }
        if (minSuccesses.isIntegralNumber()) {
            return (int) Math.min(size, minSuccesses.asLong());
        }
        return (int) Math.ceil(minSuccesses.asDouble() * size - 1e-9);
    }
}
