package dev.kite.spi.kubernetes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Quantity;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Templates;

/**
 * The {@code container} object of a task, parsed and checked once: image, templated command, args
 * and env, resources, service account and where the inputs file comes from. {@link #compile}
 * reports every problem with its path ({@code container.args[0]}); the render methods turn the
 * templates into a pod's strings for one attempt.
 */
public final class ContainerSpec {

    /** The keys of the {@code container} object, in the order messages list them. */
    public static final List<String> KEYS = List.of("image", "command", "args", "env", "resources", "serviceAccount",
            "sensitiveInputs", MemoryRetry.FIELD);

    /** Env names Kite sets itself start with this; a task may not declare one. */
    public static final String RESERVED_ENV_PREFIX = "KITE_";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern STANDARD_RESOURCE = Pattern.compile("cpu|memory|ephemeral-storage|hugepages-.+");
    private static final Pattern EXTENDED_RESOURCE = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final String PATH = "container";

    /**
     * How a placeholder's value is written into an argument or an env value: a string as itself,
     * a blob or dataset reference ({@code {"uri": ...}}) as its URI, anything else as canonical
     * JSON (null as nothing); then every {@code $} doubled, because the kubelet reads
     * {@code $(NAME)} in command, args and env as a reference to an env variable and {@code $$}
     * as one {@code $}: the container sees the value exactly. Literal template text is left as
     * written, so a task may use {@code $(KITE_SEED)} on purpose.
     */
    public static final Templates.Encoder VALUE = v -> escapeDollars(typedText(v));

    private final String image;
    private final List<Templates.Template> command;
    private final List<Templates.Template> args;
    private final SortedMap<String, Templates.Template> env;
    private final Map<String, Quantity> requests;
    private final Map<String, Quantity> limits;
    private final String serviceAccount;
    private final boolean sensitiveInputs;

    private ContainerSpec(String image, List<Templates.Template> command, List<Templates.Template> args,
            SortedMap<String, Templates.Template> env, Map<String, Quantity> requests, Map<String, Quantity> limits,
            String serviceAccount, boolean sensitiveInputs) {
        this.image = image;
        this.command = command;
        this.args = args;
        this.env = env;
        this.requests = requests;
        this.limits = limits;
        this.serviceAccount = serviceAccount;
        this.sensitiveInputs = sensitiveInputs;
    }

    /** Parses the task's {@code container}; null after recording every problem found. */
    public static ContainerSpec compile(TaskTemplate task, FieldErrors errors) {
        JsonNode c = task.container();
        if (c == null) {
            errors.add(PATH, "a container task needs a container: {\"image\": ...}");
            return null;
        }
        int before = errors.size();
        for (Map.Entry<String, JsonNode> e : c.properties()) {
            if (!KEYS.contains(e.getKey())) {
                errors.add(FieldErrors.child(PATH, e.getKey()), "unknown field '" + e.getKey() + "'; known fields: "
                        + String.join(", ", KEYS));
            }
        }
        Templates.Scope scope = Templates.Scope.inputs(task.iface());
        String image = image(c.get("image"), errors);
        List<Templates.Template> command = templates(c.get("command"), "command", scope, errors);
        List<Templates.Template> args = templates(c.get("args"), "args", scope, errors);
        SortedMap<String, Templates.Template> env = env(c.get("env"), scope, errors);
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        resources(c.get("resources"), requests, limits, errors);
        String serviceAccount = serviceAccount(c.get("serviceAccount"), errors);
        boolean sensitive = sensitiveInputs(c.get("sensitiveInputs"), errors);
        if (errors.size() != before) {
            return null;
        }
        return new ContainerSpec(image, command, args, env, Collections.unmodifiableMap(requests),
                Collections.unmodifiableMap(limits), serviceAccount, sensitive);
    }

    // ---- parsing --------------------------------------------------------------------------------

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static String image(JsonNode n, FieldErrors errors) {
        String path = FieldErrors.child(PATH, "image");
        if (absent(n)) {
            errors.add(path, "required: the container image, e.g. \"busybox:1.36\"");
            return null;
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            errors.add(path, "expected a non-blank string, got " + describe(n));
            return null;
        }
        String image = n.textValue();
        if (!image.strip().equals(image) || image.chars().anyMatch(Character::isWhitespace)) {
            errors.add(path, "must not contain whitespace");
            return null;
        }
        if (image.contains("{{")) {
            errors.add(path, "the image is written literally; placeholders are not allowed here");
            return null;
        }
        return image;
    }

    /** An optional array of template strings; null when absent. */
    private static List<Templates.Template> templates(JsonNode n, String field, Templates.Scope scope, FieldErrors errors) {
        String path = FieldErrors.child(PATH, field);
        if (absent(n)) {
            return null;
        }
        if (!n.isArray()) {
            errors.add(path, "expected an array of strings, got " + describe(n));
            return null;
        }
        List<Templates.Template> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String at = FieldErrors.index(path, i);
            JsonNode item = n.get(i);
            if (!item.isTextual()) {
                errors.add(at, "expected a string, got " + describe(item));
                continue;
            }
            Templates.Template t = Templates.parse(item.textValue(), scope, at, errors);
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private static SortedMap<String, Templates.Template> env(JsonNode n, Templates.Scope scope, FieldErrors errors) {
        String path = FieldErrors.child(PATH, "env");
        SortedMap<String, Templates.Template> out = new TreeMap<>();
        if (absent(n)) {
            return Collections.unmodifiableSortedMap(out);
        }
        if (!n.isObject()) {
            errors.add(path, "expected an object {\"NAME\": \"value\"}, got " + describe(n));
            return null;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String name = e.getKey();
            String at = FieldErrors.child(path, name);
            if (!ENV_NAME.matcher(name).matches()) {
                errors.add(at, "an env name must match [A-Za-z_][A-Za-z0-9_]*");
            } else if (name.startsWith(RESERVED_ENV_PREFIX)) {
                errors.add(at, "names starting with " + RESERVED_ENV_PREFIX + " are reserved for the variables Kite sets");
            }
            if (!e.getValue().isTextual()) {
                errors.add(at, "expected a string, got " + describe(e.getValue()));
                continue;
            }
            Templates.Template t = Templates.parse(e.getValue().textValue(), scope, at, errors);
            if (t != null) {
                out.put(name, t);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static void resources(JsonNode n, Map<String, Quantity> requests, Map<String, Quantity> limits,
            FieldErrors errors) {
        String path = FieldErrors.child(PATH, "resources");
        if (absent(n)) {
            return;
        }
        if (!n.isObject()) {
            errors.add(path, "expected an object {\"requests\": {...}, \"limits\": {...}}, got " + describe(n));
            return;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getKey().equals("requests") && !e.getKey().equals("limits")) {
                errors.add(FieldErrors.child(path, e.getKey()), "unknown field '" + e.getKey()
                        + "'; known fields: requests, limits");
            }
        }
        quantities(n.get("requests"), FieldErrors.child(path, "requests"), requests, errors);
        quantities(n.get("limits"), FieldErrors.child(path, "limits"), limits, errors);
        for (Map.Entry<String, Quantity> r : requests.entrySet()) {
            Quantity limit = limits.get(r.getKey());
            if (limit != null && Quantity.getAmountInBytes(r.getValue()).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                errors.add(FieldErrors.child(FieldErrors.child(path, "requests"), r.getKey()),
                        r.getValue() + " is more than the limit " + limit);
            }
        }
    }

    private static void quantities(JsonNode n, String path, Map<String, Quantity> into, FieldErrors errors) {
        if (absent(n)) {
            return;
        }
        if (!n.isObject()) {
            errors.add(path, "expected an object {\"cpu\": \"500m\", \"memory\": \"256Mi\"}, got " + describe(n));
            return;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String at = FieldErrors.child(path, e.getKey());
            if (!STANDARD_RESOURCE.matcher(e.getKey()).matches() && !EXTENDED_RESOURCE.matcher(e.getKey()).matches()) {
                errors.add(at, "unknown resource '" + e.getKey() + "'; use cpu, memory, ephemeral-storage,"
                        + " hugepages-<size> or an extended resource such as nvidia.com/gpu");
                continue;
            }
            Quantity q = quantity(e.getValue(), at, errors);
            if (q != null) {
                into.put(e.getKey(), q);
            }
        }
    }

    /** A quantity such as {@code 500m}, {@code 1}, {@code 256Mi}; null after an error. */
    public static Quantity quantity(JsonNode n, String path, FieldErrors errors) {
        String text = n.isTextual() ? n.textValue() : n.isNumber() ? n.asText() : null;
        if (text == null) {
            errors.add(path, "expected a quantity such as \"500m\" or \"256Mi\", got " + describe(n));
            return null;
        }
        BigDecimal amount;
        Quantity q;
        try {
            q = new Quantity(text);
            amount = Quantity.getAmountInBytes(q);
        } catch (RuntimeException e) {
            errors.add(path, "'" + text + "' is not a quantity; write e.g. \"500m\", \"2\", \"256Mi\" or \"1Gi\"");
            return null;
        }
        if (amount.signum() < 0) {
            errors.add(path, "'" + text + "' is negative");
            return null;
        }
        return q;
    }

    private static String serviceAccount(JsonNode n, FieldErrors errors) {
        String path = FieldErrors.child(PATH, "serviceAccount");
        if (absent(n)) {
            return null;
        }
        if (!n.isTextual()) {
            errors.add(path, "expected a string, got " + describe(n));
            return null;
        }
        String name = n.textValue();
        if (!validServiceAccount(name)) {
            errors.add(path, "'" + name + "' is not a valid service account name (lower-case letters, digits, '-' and"
                    + " '.', starting and ending with a letter or digit, at most 253)");
            return null;
        }
        return name;
    }

    /** A DNS-1123 subdomain, as Kubernetes requires of a service account's name. */
    public static boolean validServiceAccount(String name) {
        return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }

    private static boolean sensitiveInputs(JsonNode n, FieldErrors errors) {
        if (absent(n)) {
            return false;
        }
        if (!n.isBoolean()) {
            errors.add(FieldErrors.child(PATH, "sensitiveInputs"), "expected true or false, got " + describe(n));
            return false;
        }
        return n.booleanValue();
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    // ---- rendering ------------------------------------------------------------------------------

    /** The value as an argument: a string as itself, a blob or dataset as its URI, the rest as canonical JSON. */
    public static String typedText(JsonNode v) {
        if (v != null && v.isObject() && v.path("uri").isTextual()) {
            return v.get("uri").textValue();
        }
        return Templates.text(v);
    }

    /** {@code $} → {@code $$}: the kubelet writes {@code $$} as {@code $} and never expands it. */
    public static String escapeDollars(String s) {
        return s.indexOf('$') < 0 ? s : s.replace("$", "$$");
    }

    /** The rendered command, or null when the task gives none (the image's entrypoint runs). */
    public List<String> command(Map<String, ? extends JsonNode> data) {
        return command == null ? null : argv(command, data);
    }

    /** The rendered args, or null when the task gives none (the image's default args apply). */
    public List<String> args(Map<String, ? extends JsonNode> data) {
        return args == null ? null : argv(args, data);
    }

    /**
     * Renders each template; one that is exactly one placeholder whose value is an array becomes
     * one argument per element (none for an empty array).
     */
    private static List<String> argv(List<Templates.Template> templates, Map<String, ? extends JsonNode> data) {
        List<String> out = new ArrayList<>();
        for (Templates.Template t : templates) {
            if (t.isSinglePlaceholder()) {
                JsonNode v = t.value(data);
                if (v.isArray()) {
                    v.forEach(e -> out.add(VALUE.encode(e)));
                    continue;
                }
            }
            out.add(t.render(data, VALUE));
        }
        return out;
    }

    /** The rendered env of the task, by name. */
    public SortedMap<String, String> env(Map<String, ? extends JsonNode> data) {
        SortedMap<String, String> out = new TreeMap<>();
        env.forEach((name, t) -> out.put(name, t.render(data, VALUE)));
        return out;
    }

    public String image() {
        return image;
    }

    public Map<String, Quantity> requests() {
        return requests;
    }

    public Map<String, Quantity> limits() {
        return limits;
    }

    /** The service account the task names, or null. */
    public String serviceAccount() {
        return serviceAccount;
    }

    /** Whether the inputs file comes from a Secret rather than a ConfigMap. */
    boolean sensitiveInputs() {
        return sensitiveInputs;
    }
}
