package dev.kite.plugin.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.BlobType;
import dev.kite.model.DatasetType;
import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Templates;
import dev.kite.model.Variable;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.kubernetes.MemoryRetry;

/**
 * A {@code spark} task's config, checked once: the same checks whether it runs on Kubernetes or
 * locally, plus those of the mode ({@link #compile}). Holds the parsed argument templates.
 */
final class SparkJob {

    static final Set<String> TYPES = Set.of("Java", "Scala", "Python", "R");

    final TaskTemplate task;
    final SparkConfig config;
    final List<Templates.Template> arguments;
    final MemoryRetry memory;

    private SparkJob(TaskTemplate task, SparkConfig config, List<Templates.Template> arguments, MemoryRetry memory) {
        this.task = task;
        this.config = config;
        this.arguments = arguments;
        this.memory = memory;
    }

    /** Checks a task's config; null after recording every problem. {@code local}: which mode runs it. */
    static SparkJob compile(TaskTemplate task, SparkConfig c, boolean local, MemoryRetry defaults, FieldErrors errors) {
        int before = errors.size();
        if (c == null) {
            errors.add("config", "a spark task needs a config: {\"mainApplicationFile\": ..., \"mainClass\": ...}"
                    + (local ? " or {\"sql\": [...], \"outputs\": {...}}" : ""));
            return null;
        }
        boolean sqlMode = !c.sql().isEmpty() || !c.outputs().isEmpty();
        if (sqlMode && !local) {
            errors.add("config.sql", "SQL mode runs in local mode only (kite.spark.mode=local, or auto without a cluster);"
                    + " on Kubernetes give mainApplicationFile and mainClass");
        }
        if (!sqlMode && blank(c.mainApplicationFile()) && blank(c.mainClass())) {
            errors.add("config.mainApplicationFile", "required: the application's jar, Python or R file, and/or"
                    + " config.mainClass" + (local ? " (or config.sql for SQL mode)" : ""));
        }
        if (sqlMode && (!blank(c.mainApplicationFile()) || !blank(c.mainClass()))) {
            errors.add("config.sql", "either SQL mode (sql, outputs) or an application (mainApplicationFile, mainClass), not both");
        }
        if (local && !sqlMode && blank(c.mainApplicationFile())) {
            errors.add("config.mainApplicationFile", "local mode needs the application's jar (a path or file: URI)");
        }
        if (c.type() != null && !TYPES.contains(c.type())) {
            errors.add("config.type", "'" + c.type() + "' is not one of Java, Scala, Python, R");
        }
        if (local && type(c).equals("Python") || local && type(c).equals("R")) {
            errors.add("config.type", "local mode runs JVM applications (Java, Scala) and SQL; " + type(c) + " runs on Kubernetes");
        }
        sql(task, c, errors);
        resources(c, errors);
        if (c.timeToLiveSeconds() != null && c.timeToLiveSeconds() < 1) {
            errors.add("config.timeToLiveSeconds", "must be at least 1");
        }
        Templates.Scope scope = Templates.Scope.inputs(task.iface());
        List<Templates.Template> args = new ArrayList<>();
        for (int i = 0; i < c.arguments().size(); i++) {
            String at = FieldErrors.index("config.arguments", i);
            String a = c.arguments().get(i);
            if (a == null) {
                errors.add(at, "expected a string, got null");
                continue;
            }
            Templates.Template t = Templates.parse(a, scope, at, errors);
            if (t != null) {
                args.add(t);
            }
        }
        MemoryRetry memory = MemoryRetry.parse(c.oomRetry(), "config." + MemoryRetry.FIELD, defaults, errors);
        return errors.size() == before ? new SparkJob(task, c, List.copyOf(args), memory) : null;
    }

    /** The same, for an attempt: a problem is the task's USER error (the config was checked at registration). */
    static SparkJob forAttempt(TaskTemplate task, SparkConfig c, boolean local, MemoryRetry defaults) {
        FieldErrors errors = new FieldErrors();
        SparkJob job = compile(task, c, local, defaults, errors);
        if (job == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG",
                    String.join("; ", errors.list().stream().map(FieldError::toString).toList())));
        }
        return job;
    }

    private static void sql(TaskTemplate task, SparkConfig c, FieldErrors errors) {
        for (int i = 0; i < c.sql().size(); i++) {
            if (blank(c.sql().get(i))) {
                errors.add(FieldErrors.index("config.sql", i), "expected a SQL statement");
            }
        }
        Map<String, Variable> declared = task.iface().outputs();
        for (Map.Entry<String, String> o : c.outputs().entrySet()) {
            String at = FieldErrors.child("config.outputs", o.getKey());
            if (!declared.containsKey(o.getKey())) {
                errors.add(at, "'" + o.getKey() + "' is not an output of the interface; declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())));
            } else if (declared.get(o.getKey()).type() instanceof BlobType) {
                errors.add(at, "a query writes a dataset or a scalar; declare '" + o.getKey() + "' as a dataset");
            }
            if (blank(o.getValue())) {
                errors.add(at, "expected the query whose result is this output");
            }
        }
        if (!c.outputs().isEmpty() || !c.sql().isEmpty()) {
            for (String name : declared.keySet()) {
                if (!c.outputs().containsKey(name)) {
                    errors.add(FieldErrors.child("config.outputs", name), "output '" + name + "' of the interface has no query");
                }
            }
        }
    }

    private static void resources(SparkConfig c, FieldErrors errors) {
        if (c.driver() != null) {
            cores(c.driver().cores(), "config.driver.cores", errors);
            memory(c.driver().memory(), "config.driver.memory", errors);
            if (c.driver().serviceAccount() != null
                    && !dev.kite.spi.kubernetes.ContainerSpec.validServiceAccount(c.driver().serviceAccount())) {
                errors.add("config.driver.serviceAccount", "'" + c.driver().serviceAccount() + "' is not a valid service account name");
            }
        }
        if (c.executor() != null) {
            cores(c.executor().cores(), "config.executor.cores", errors);
            memory(c.executor().memory(), "config.executor.memory", errors);
            if (c.executor().instances() != null && c.executor().instances() < 1) {
                errors.add("config.executor.instances", "must be at least 1");
            }
        }
    }

    private static void cores(Integer cores, String path, FieldErrors errors) {
        if (cores != null && cores < 1) {
            errors.add(path, "must be at least 1");
        }
    }

    private static void memory(String m, String path, FieldErrors errors) {
        if (m != null && MemoryRetry.sparkBytes(m) <= 0) {
            errors.add(path, "'" + m + "' is not a JVM memory amount; write e.g. \"512m\" or \"2g\"");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The application's type: as given, else Python for a .py file, R for a .R file, else Scala. */
    static String type(SparkConfig c) {
        if (c.type() != null) {
            return c.type();
        }
        String f = c.mainApplicationFile() == null ? "" : c.mainApplicationFile();
        return f.endsWith(".py") ? "Python" : f.endsWith(".R") || f.endsWith(".r") ? "R" : "Scala";
    }

    /** Whether this job runs SQL statements rather than an application. */
    boolean sqlMode() {
        return !config.sql().isEmpty() || !config.outputs().isEmpty();
    }

    /** The rendered arguments ({@code encoder}: how a value is written, e.g. with {@code $} escaped for a pod). */
    List<String> arguments(Map<String, ? extends JsonNode> data, Templates.Encoder encoder) {
        List<String> out = new ArrayList<>();
        try {
            for (Templates.Template t : arguments) {
                out.add(t.render(data, encoder));
            }
        } catch (Templates.RenderException e) {
            throw new TaskException(TaskError.user("TEMPLATE", e.getMessage()));
        }
        return out;
    }

    /** Whether output {@code name} is a dataset of the interface. */
    boolean datasetOutput(String name) {
        Variable v = task.iface().outputs().get(name);
        return v != null && v.type() instanceof DatasetType;
    }
}
