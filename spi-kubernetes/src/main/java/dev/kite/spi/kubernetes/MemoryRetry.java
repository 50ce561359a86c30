package dev.kite.spi.kubernetes;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import dev.kite.model.FieldErrors;
import dev.kite.spi.TaskError;

/**
 * More memory after an OOM kill: an attempt that ended {@code OOM_KILLED} is a SYSTEM recoverable
 * failure, and each later attempt runs with its memory (request and limit, or Spark's driver and
 * executor memory) multiplied by {@link #factor} once per earlier OOM kill of the execution, never
 * above {@link #maxBytes}. An OOM kill of an attempt that already ran at the cap is a USER error
 * that no retry fixes. The memory an attempt runs with is derived from the execution's attempt
 * history ({@code TaskContext.previousErrors()}), so a restarted Kite computes the same amount.
 *
 * @param factor   the multiplier per OOM kill, 1 to 10 (1: retry with the same memory)
 * @param maxBytes the most memory an attempt gets, in bytes
 */
public record MemoryRetry(double factor, long maxBytes) {

    /** The error code of an attempt whose container was OOM killed. */
    public static final String OOM_KILLED = "OOM_KILLED";
    /** Annotation on an attempt's object: the memory (limit) the attempt runs with. */
    public static final String ANNOTATION = "kite.dev/memory";
    /** The JSON field of a task's own setting: {@code "oomRetry": {"factor": 1.5, "maxMemory": "8Gi"}}. */
    public static final String FIELD = "oomRetry";

    private static final long MI = 1024L * 1024L;
    private static final Pattern SPARK_MEMORY = Pattern.compile("([0-9]+)([kmgtp]?)b?");

    public MemoryRetry {
        if (!(factor >= 1 && factor <= 10)) {
            throw new IllegalArgumentException("the OOM retry factor must be between 1 and 10, got " + factor);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the OOM retry maximum must be positive, got " + maxBytes);
        }
    }

    /** From a plugin's settings ({@code <prefix>.oom-retry.factor}, {@code .max-memory}). */
    public static MemoryRetry of(String prefix, double factor, String maxMemory) {
        FieldErrors errors = new FieldErrors();
        Quantity q = ContainerSpec.quantity(com.fasterxml.jackson.databind.node.TextNode.valueOf(maxMemory),
                prefix + ".oom-retry.max-memory", errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.list().get(0).path() + ": " + errors.list().get(0).message());
        }
        try {
            return new MemoryRetry(factor, bytes(q));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ".oom-retry: " + e.getMessage());
        }
    }

    /**
     * {@link #of}, for a plugin that reads its defaults where a bad setting must fail both its
     * start-up check and an attempt: the setting's problem as a SYSTEM, non-recoverable
     * {@code <NAME>_SETTINGS} error ({@code kite.spark} → {@code SPARK_SETTINGS},
     * {@code kite.k8s-object} → {@code K8S_OBJECT_SETTINGS}).
     */
    public static MemoryRetry ofSettings(String prefix, double factor, String maxMemory) {
        try {
            return of(prefix, factor, maxMemory);
        } catch (IllegalArgumentException e) {
            String name = prefix.substring(prefix.lastIndexOf('.') + 1).replace('-', '_').toUpperCase(Locale.ROOT);
            throw new dev.kite.spi.TaskException(TaskError.systemFatal(name + "_SETTINGS", e.getMessage()));
        }
    }

    /**
     * A task's own {@code oomRetry} object over the plugin's defaults; null after recording a
     * problem at {@code path}. Absent: the defaults.
     */
    public static MemoryRetry parse(JsonNode n, String path, MemoryRetry defaults, FieldErrors errors) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return defaults;
        }
        if (!n.isObject()) {
            errors.add(path, "expected an object {\"factor\": 1.5, \"maxMemory\": \"8Gi\"}");
            return null;
        }
        int before = errors.size();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getKey().equals("factor") && !e.getKey().equals("maxMemory")) {
                errors.add(FieldErrors.child(path, e.getKey()), "unknown field '" + e.getKey() + "'; known fields: factor, maxMemory");
            }
        }
        double factor = defaults.factor();
        JsonNode f = n.get("factor");
        if (f != null) {
            if (!f.isNumber() || f.doubleValue() < 1 || f.doubleValue() > 10) {
                errors.add(FieldErrors.child(path, "factor"), "expected a number from 1 to 10, e.g. 1.5");
            } else {
                factor = f.doubleValue();
            }
        }
        long max = defaults.maxBytes();
        JsonNode m = n.get("maxMemory");
        if (m != null) {
            Quantity q = ContainerSpec.quantity(m, FieldErrors.child(path, "maxMemory"), errors);
            if (q != null) {
                max = bytes(q);
                if (max <= 0) {
                    errors.add(FieldErrors.child(path, "maxMemory"), "must be more than 0");
                }
            }
        }
        return errors.size() == before ? new MemoryRetry(factor, max) : null;
    }

    /** How many of the earlier attempts were OOM killed. */
    public static int oomKills(List<TaskError> previous) {
        return (int) previous.stream().filter(e -> OOM_KILLED.equals(e.code())).count();
    }

    /**
     * The multiplier of this attempt's memory over the task's: {@code factor^kills}, lowered so
     * that {@code base} times it stays at or below the cap (never below 1).
     */
    public double multiplier(long base, int kills) {
        double m = Math.pow(factor, kills);
        if (base > 0 && base * m > maxBytes) {
            m = (double) maxBytes / base;
        }
        return Math.max(1, m);
    }

    /** {@code bytes} times {@code multiplier}, rounded up to a whole MiB unless unchanged. */
    public static long scale(long bytes, double multiplier) {
        if (multiplier == 1) {
            return bytes;
        }
        return (long) Math.ceil(bytes * multiplier / MI) * MI;
    }

    /**
     * The error of an attempt whose memory ran out at {@code ranWith} bytes: SYSTEM recoverable
     * (the next attempt gets more), or USER non-recoverable when it already ran at the cap.
     *
     * @param what    what ran out, e.g. "the container" or "the Spark driver"
     * @param ranWith the memory (limit) it ran with, in bytes, or 0 when it had none
     * @param setting where the cap is set, for the message
     */
    public TaskError oomKilled(String what, long ranWith, String setting) {
        if (ranWith <= 0) {
            return TaskError.system(OOM_KILLED, what + " ran out of memory (OOMKilled); it has no memory limit, so the node"
                    + " ran out");
        }
        if (ranWith >= maxBytes) {
            return TaskError.user(OOM_KILLED, what + " ran out of memory (OOMKilled) at " + kubernetes(ranWith)
                    + ", the most an attempt gets (" + setting + " " + kubernetes(maxBytes) + "); raise the cap or make"
                    + " the job need less memory");
        }
        return TaskError.system(OOM_KILLED, what + " ran out of memory (OOMKilled) at " + kubernetes(ranWith)
                + "; the next attempt gets " + factor + "x, at most " + kubernetes(maxBytes));
    }

    /**
     * Multiplies the memory request and limit of a container for an attempt after {@code kills}
     * OOM kills (the cap applies to the limit, or to the request when there is no limit); returns
     * the memory it then runs with (the limit, else the request), 0 when it names none.
     */
    public long apply(ResourceRequirements r, int kills) {
        if (r == null) {
            return 0;
        }
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Quantity limit = limits.get("memory");
        Quantity request = requests.get("memory");
        Quantity base = limit != null ? limit : request;
        if (base == null) {
            return 0;
        }
        double m = multiplier(bytes(base), kills);
        if (m == 1) {
            return bytes(base);
        }
        if (request != null) {
            java.util.LinkedHashMap<String, Quantity> out = new java.util.LinkedHashMap<>(requests);
            out.put("memory", new Quantity(kubernetes(scale(bytes(request), m))));
            r.setRequests(out);
        }
        if (limit != null) {
            java.util.LinkedHashMap<String, Quantity> out = new java.util.LinkedHashMap<>(limits);
            out.put("memory", new Quantity(kubernetes(scale(bytes(limit), m))));
            r.setLimits(out);
        }
        return scale(bytes(base), m);
    }

    /** A quantity in bytes (rounded up). */
    public static long bytes(Quantity q) {
        BigDecimal b = Quantity.getAmountInBytes(q);
        return b.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** Bytes as a Kubernetes quantity: whole MiB as {@code 1536Mi}, else plain bytes. */
    public static String kubernetes(long bytes) {
        if (bytes % (MI * 1024) == 0) {
            return bytes / (MI * 1024) + "Gi";
        }
        return bytes % MI == 0 ? bytes / MI + "Mi" : Long.toString(bytes);
    }

    /** Bytes as a JVM/Spark memory string, in MiB rounded up: {@code 1536m}. */
    public static String spark(long bytes) {
        return (bytes + MI - 1) / MI + "m";
    }

    /**
     * A JVM/Spark memory string ({@code 512m}, {@code 2g}, {@code 1024k}; no unit: MiB, as Spark reads
     * {@code spark.driver.memory}) in bytes; -1 when it is not one.
     */
    public static long sparkBytes(String text) {
        Matcher m = SPARK_MEMORY.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 20;
        };
        return n > (Long.MAX_VALUE >> shift) ? -1 : n << shift;
    }
}
