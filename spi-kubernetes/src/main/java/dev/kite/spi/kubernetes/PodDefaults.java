package dev.kite.spi.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Toleration;

/**
 * What {@code kite.container.*} adds to every task pod, read and checked once.
 *
 * @param template                  the pod every task pod starts from (labels, annotations and
 *                                  spec only), or null
 * @param interruptibleTolerations  tolerations of interruptible attempts
 * @param interruptibleNodeSelector node labels interruptible attempts require
 * @param defaultServiceAccount     the service account of tasks that name none, or null
 */
public record PodDefaults(Pod template, List<Toleration> interruptibleTolerations, Map<String, String> interruptibleNodeSelector,
        String defaultServiceAccount) {

    /** No template, nothing for interruptible attempts, the namespace's default service account. */
    /** YAML is a superset of JSON: one reader for both kinds of file. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static final PodDefaults NONE = new PodDefaults(null, List.of(), Map.of(), null);

    public PodDefaults {
        interruptibleTolerations = List.copyOf(interruptibleTolerations);
        interruptibleNodeSelector = Collections.unmodifiableSortedMap(new TreeMap<>(interruptibleNodeSelector));
    }

    /**
     * Reads a plugin's pod settings; throws {@link IllegalArgumentException} naming every bad
     * setting under {@code prefix} (for instance {@code kite.container}).
     *
     * @param podTemplate    a Pod or PodTemplate file ({@code <prefix>.pod-template})
     * @param tolerations    tolerations of interruptible attempts, {@code key=value:Effect} strings
     * @param nodeSelector   node labels interruptible attempts require
     * @param serviceAccount the service account of tasks that name none
     */
    public static PodDefaults from(String prefix, Optional<String> podTemplate, List<String> tolerations,
            Map<String, String> nodeSelector, Optional<String> serviceAccount) {
        List<String> problems = new ArrayList<>();
        Pod template = null;
        if (podTemplate.isPresent()) {
            try {
                template = readTemplate(prefix + ".pod-template", Path.of(podTemplate.get()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        List<Toleration> parsed = List.of();
        try {
            parsed = Tolerations.parse(tolerations, prefix + ".interruptible.tolerations");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String account = serviceAccount.filter(a -> !a.isBlank()).orElse(null);
        if (account != null && !ContainerSpec.validServiceAccount(account)) {
            problems.add(prefix + ".default-service-account: '" + account + "' is not a valid service account name");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PodDefaults(template, parsed, nodeSelector, account);
    }

    /**
     * Reads a Pod, or a PodTemplate's template, from a YAML or JSON file. Keeps the labels,
     * annotations and spec: a pod saved with {@code kubectl get -o yaml} works, its status and
     * server-set metadata are dropped.
     */
    public static Pod readTemplate(String setting, Path file) {
        String where = setting + ": " + file;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + " cannot be read: " + e);
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + " is not valid YAML or JSON: " + oneLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(where + " does not hold an object; expected a Pod or a PodTemplate");
        }
        String kind = tree.path("kind").asText("");
        ObjectMeta meta;
        PodSpec spec;
        try {
            if (kind.equals("Pod")) {
                Pod pod = YAML.treeToValue(tree, Pod.class);
                meta = pod.getMetadata();
                spec = pod.getSpec();
            } else if (kind.equals("PodTemplate")) {
                PodTemplate t = YAML.treeToValue(tree, PodTemplate.class);
                meta = t.getTemplate() == null ? null : t.getTemplate().getMetadata();
                spec = t.getTemplate() == null ? null : t.getTemplate().getSpec();
            } else {
                throw new IllegalArgumentException(where + " holds " + (kind.isEmpty() ? "no kind" : "a " + kind)
                        + "; expected kind: Pod or kind: PodTemplate");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(where)) {
                throw iae;
            }
            throw new IllegalArgumentException(where + " is not a valid " + kind + ": " + oneLine(e.getMessage()));
        }
        if (spec == null) {
            throw new IllegalArgumentException(where + " has no spec");
        }
        ObjectMetaBuilder m = new ObjectMetaBuilder();
        if (meta != null) {
            m.withLabels(meta.getLabels()).withAnnotations(meta.getAnnotations());
        }
        return new PodBuilder().withMetadata(m.build()).withSpec(spec).build();
    }

    /** A parser's message on one line, cut to 300 characters. */
    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "...";
    }
}
