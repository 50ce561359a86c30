package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity of a task: {@code project/domain/name/version}. {@code version} is null only in a
 * reference that means "the newest registered version" (see {@link #parse} with
 * {@code versionRequired = false}).
 *
 * <p>Rules applied by {@link #parse}: every part is a non-empty JSON string; the project matches
 * {@code [a-z0-9][a-z0-9_-]{0,62}}; the domain is not checked here (membership in the configured
 * domains is the caller's concern); the name is Unicode, <b>NFC-normalized on parse</b>, at most
 * 255 code points, follows {@link Names} (visible, no white space at either end, no control,
 * bidirectional-control or unpaired-surrogate characters), holds no {@code /}, and is not
 * {@code .} or {@code ..}; the version matches {@code [A-Za-z0-9._~-]{1,128}} and is not {@code .}
 * or {@code ..}. A long name is not an error here; {@link TaskTemplate#parse} warns about it.
 */
public record TaskId(String project, String domain, String name, String version) {

    public static final int MAX_NAME_CODE_POINTS = 255;

    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final List<String> KEYS = List.of("project", "domain", "name", "version");

    public TaskId {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
    }

    /** The same task at another version. */
    public TaskId withVersion(String newVersion) {
        return new TaskId(project, domain, name, newVersion);
    }

    /** {@code project/domain/name/version}, or {@code project/domain/name} without a version. */
    @Override
    public String toString() {
        return project + "/" + domain + "/" + name + (version == null ? "" : "/" + version);
    }

    /** {@code {"project": ..., "domain": ..., "name": ..., "version": ...}}; version omitted when null. */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.put("project", project);
        node.put("domain", domain);
        node.put("name", name);
        if (version != null) {
            node.put("version", version);
        }
        return node;
    }

    /**
     * Parses and checks a task id object, recording every problem under {@code path}; returns null
     * after errors. Without {@code versionRequired}, an absent or null version gives a null version.
     */
    public static TaskId parse(JsonNode node, String path, FieldErrors errors, boolean versionRequired) {
        if (node == null || !node.isObject()) {
            errors.add(path, "expected an object {\"project\", \"domain\", \"name\", \"version\"}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        String project = Json.requiredText(node, "project", path, errors);
        if (project != null && !PROJECT.matcher(project).matches()) {
            errors.add(FieldErrors.child(path, "project"),
                "must match [a-z0-9][a-z0-9_-]{0,62} (lowercase letters, digits, '_' and '-', at most 63)");
        }
        String domain = Json.requiredText(node, "domain", path, errors);
        String name = Json.requiredText(node, "name", path, errors);
        if (name != null) {
            name = Canonical.nfc(name);
            checkName(name, FieldErrors.child(path, "name"), errors);
        }
        String version = null;
        if (versionRequired || !Json.absent(node.get("version"))) {
            version = Json.requiredText(node, "version", path, errors);
            if (version != null && (!VERSION.matcher(version).matches() || isDotSegment(version))) {
                errors.add(FieldErrors.child(path, "version"),
                    "must be 1 to 128 of A-Z a-z 0-9 . _ ~ - (and not \".\" or \"..\")");
            }
        }
        return errors.size() == before ? new TaskId(project, domain, name, version) : null;
    }

    private static void checkName(String name, String path, FieldErrors errors) {
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME_CODE_POINTS) {
            errors.add(path, "longer than " + MAX_NAME_CODE_POINTS + " characters (" + length + ")");
        }
        if (name.indexOf('/') >= 0) {
            errors.add(path, "must not contain '/'");
        }
        Names.check(name, path, errors);
        if (isDotSegment(name)) {
            // "." and ".." cannot be addressed in a REST path /tasks/{project}/{domain}/{name}
            errors.add(path, "must not be \".\" or \"..\"");
        }
    }

    private static boolean isDotSegment(String s) {
        return ".".equals(s) || "..".equals(s);
    }

    /** Length of the name in Unicode code points. */
    public int nameLength() {
        return name.codePointCount(0, name.length());
    }
}
