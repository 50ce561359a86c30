package dev.kite.kubernetes;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.kite.engine.DeclaredPlugins;
import dev.kite.model.FieldErrors;
import dev.kite.model.SimpleType;
import dev.kite.model.TaskId;
import dev.kite.model.Templates;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;

/**
 * The engine side of {@link KubernetesPlugin}: the same for every plugin whose work is a
 * Kubernetes object. It presents such a plugin to the engine as an {@link AsyncPlugin} whose
 * handle is a {@link KubeHandle} — so persistence of the handle, polling, timeouts, aborts,
 * re-attachment after a restart and the transient-operation guards are the engine's, shared with
 * every async plugin — and adds what Kubernetes needs:
 * <ul>
 *   <li>submit creates the plugin's companions, then the object, under the attempt's generated
 *       name; AlreadyExists is a re-attach, never a second object;</li>
 *   <li>status comes from a watch ({@link Watches}): one informer per resource type and namespace
 *       (lazily started, label-selected on {@code app.kubernetes.io/managed-by=kite}) whose events
 *       wake the engine ({@link #onChange}), and whose cache the engine's polls read without an
 *       API call;</li>
 *   <li>cancel and {@link Adapter#cleanUp} delete the object and its companions.</li>
 * </ul>
 * API errors that no retry fixes (a rejected object, a missing namespace, forbidden) become
 * {@link TaskException}s, which the guards do not retry; the rest are transient.
 */
@ApplicationScoped
public class KubernetesDriver {

    private static final Logger LOG = Logger.getLogger(KubernetesDriver.class);

    /** Label on every object Kite creates; the watch selects on it. */
    public static final String MANAGED_BY = Watches.MANAGED_BY;
    public static final String EXECUTION = Watches.EXECUTION;
    public static final String ATTEMPT = "kite.dev/attempt";
    public static final String PROJECT = "kite.dev/project";
    public static final String DOMAIN = "kite.dev/domain";
    public static final String TASK = "kite.dev/task";
    /** Annotation with the exact task id ({@code project/domain/name/version}). */
    public static final String TASK_ID = "kite.dev/task-id";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesSettings settings;

    @Inject
    DeclaredPlugins declared;

    @Inject
    Watches watches;

    private final Map<KubernetesPlugin<?, ?>, Adapter<?, ?>> adapters = new ConcurrentHashMap<>();
    private volatile Templates.Template namespaceTemplate;
    private volatile Map<String, Templates.Template> logLinks;

    /** The engine's view of {@code plugin}: an async plugin with a {@link KubeHandle}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public AsyncPlugin<Object, KubeHandle> async(KubernetesPlugin<?, ?> plugin) {
        return (AsyncPlugin) adapters.computeIfAbsent(plugin, p -> {
            Class<?> type = ClientProxy.unwrap(p).getClass();
            DeclaredPlugins.Declaration d = declared.of(type).orElseThrow(() -> new IllegalStateException(
                    "plugin " + type.getName() + " was not found at build time"));
            return new Adapter((KubernetesPlugin) p, (Class) d.secondType(), (Class) d.configType());
        });
    }

    /** Called with the execution id of every object the watch sees change (from a watch thread). */
    public void onChange(Consumer<UUID> listener) {
        watches.onChange(listener);
    }

    /** How many objects of {@code type} the watch of {@code namespace} holds (for tests and metrics). */
    public int watched(Class<? extends HasMetadata> type, String namespace) {
        return watches.watched(type, namespace);
    }

    /** Every object the watches hold now (Kite's objects in the namespaces this process uses). */
    public List<HasMetadata> watchedObjects() {
        return watches.watchedObjects();
    }

    /** How often the watches resync, and leftovers are looked for. */
    public java.time.Duration resync() {
        return settings.resync();
    }

    // ---- naming ---------------------------------------------------------------------------------

    /** The namespace of a task's objects, per {@code kite.kubernetes.namespace}. */
    public String namespace(TaskId id) {
        Templates.Template t = namespaceTemplate;
        if (t == null) {
            FieldErrors errors = new FieldErrors();
            Templates.Scope scope = Templates.Scope.empty().with("task", "task field",
                    Map.of("project", new SimpleType(SimpleType.Kind.STRING), "domain", new SimpleType(SimpleType.Kind.STRING),
                            "name", new SimpleType(SimpleType.Kind.STRING)));
            t = Templates.parse(settings.namespace(), scope, "kite.kubernetes.namespace", errors);
            if (!errors.isEmpty()) {
                throw new TaskException(TaskError.systemFatal("BAD_NAMESPACE_TEMPLATE", errors.list().get(0).path() + ": "
                        + errors.list().get(0).message()));
            }
            namespaceTemplate = t;
        }
        ObjectNode task = JsonNodeFactory.instance.objectNode().put("project", id.project()).put("domain", id.domain())
                .put("name", id.name());
        String ns = t.render(Map.of("task", task), v -> dnsLabel(Templates.text(v)));
        if (ns.length() > 63 || !DNS_LABEL.matcher(ns).matches()) {
            throw new TaskException(TaskError.systemFatal("BAD_NAMESPACE", "kite.kubernetes.namespace renders '" + ns
                    + "' for task " + id + ", which is not a valid namespace name"));
        }
        return ns;
    }

    /** Text as a DNS label part: lower case, anything but letters, digits and '-' as '-'. */
    static String dnsLabel(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.toLowerCase(java.util.Locale.ROOT).codePoints().forEach(c -> sb.append(
                (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? (char) c : '-'));
        return sb.toString();
    }

    /** A label value: the text itself when valid, else a cleaned, shortened form. */
    static String labelValue(String text) {
        if (text.length() <= 63 && LABEL_VALUE.matcher(text).matches()) {
            return text;
        }
        String s = text.replaceAll("[^-A-Za-z0-9_.]", "_");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static void tag(HasMetadata object, TaskContext<?> ctx, String namespace) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            object.setMetadata(meta);
        }
        meta.setNamespace(namespace);
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(MANAGED_BY, "kite");
        labels.put(EXECUTION, ctx.executionId().toString());
        labels.put(ATTEMPT, Integer.toString(ctx.attempt()));
        labels.put(PROJECT, labelValue(ctx.taskId().project()));
        labels.put(DOMAIN, labelValue(ctx.taskId().domain()));
        labels.put(TASK, labelValue(ctx.taskId().name()));
        meta.setLabels(labels);
        Map<String, String> notes = meta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
        notes.put(TASK_ID, ctx.taskId().toString());
        notes.put(EXECUTION, ctx.executionId().toString());
        meta.setAnnotations(notes);
    }

    // ---- blocking API calls, off the event loop -------------------------------------------------

    private static <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Errors no retry fixes become the task's verdict; the rest stay transient. */
    static RuntimeException translate(KubernetesClientException e, String what) {
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return switch (e.getCode()) {
            case HttpURLConnection.HTTP_BAD_REQUEST, 422 -> new TaskException(TaskError.user("KUBERNETES_REJECTED",
                    "the Kubernetes API rejected " + what + ": " + detail));
            case HttpURLConnection.HTTP_FORBIDDEN, HttpURLConnection.HTTP_UNAUTHORIZED -> new TaskException(TaskError.systemFatal(
                    "KUBERNETES_FORBIDDEN", "Kite may not " + what + " (check its RBAC): " + detail));
            case HttpURLConnection.HTTP_NOT_FOUND -> new TaskException(TaskError.systemFatal("KUBERNETES_NOT_FOUND",
                    "could not " + what + ": " + detail + " (does the namespace exist?)"));
            default -> e;
        };
    }

    // ---- the adapter ----------------------------------------------------------------------------

    /** A {@link KubernetesPlugin} seen by the engine as an {@link AsyncPlugin}. */
    public final class Adapter<C, R extends HasMetadata> implements AsyncPlugin<C, KubeHandle> {

        private final KubernetesPlugin<C, R> plugin;
        private final Class<R> resourceType;
        private final Class<C> configType;

        Adapter(KubernetesPlugin<C, R> plugin, Class<R> resourceType, Class<C> configType) {
            this.plugin = plugin;
            this.resourceType = resourceType;
            this.configType = configType;
        }

        @Override
        public String name() {
            return plugin.name();
        }

        @Override
        public Class<C> configType() {
            return configType;
        }

        @Override
        public Class<KubeHandle> handleType() {
            return KubeHandle.class;
        }

        @Override
        public Uni<KubeHandle> submit(TaskContext<C> ctx) {
            String ns;
            try {
                ns = namespace(ctx.taskId());
            } catch (TaskException e) {
                return Uni.createFrom().failure(e);
            }
            // on a worker: build and companions may wait briefly (a notebook read from the data store, signed URLs)
            return blocking(() -> {
                R object = plugin.build(ctx);
                List<HasMetadata> companions = plugin.companions(ctx);
                object.getMetadata().setName(ctx.generatedName());
                tag(object, ctx, ns);
                companions.forEach(c -> tag(c, ctx, ns));
                // watching before creating: no event is missed (a custom resource's API is looked up on the API server first)
                watches.watch(resourceType, object.getApiVersion(), object.getKind(), ns);
                for (HasMetadata c : companions) {
                    create(c, ns, ctx.trace());
                }
                HasMetadata created;
                try {
                    created = create(object, ns, ctx.trace());
                } catch (RuntimeException e) {
                    // no object, no handle: nothing else would ever delete the companions
                    companions.forEach(c -> deleteQuietly(c, ns));
                    throw e;
                }
                own(companions, created, ns);
                return new KubeHandle(object.getApiVersion(), object.getKind(), ns, ctx.generatedName());
            });
        }

        /** Creates {@code object}, or finds it when it already exists (a re-attach); a span of the submit's trace. */
        private HasMetadata create(HasMetadata object, String ns, dev.kite.spi.TaskTrace trace) {
            try (var span = trace.span("Kubernetes create " + object.getKind()).attribute("k8s.namespace.name", ns)) {
                return client.resource(object).inNamespace(ns).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    HasMetadata existing = client.resource(object).inNamespace(ns).get();
                    if (existing != null) {
                        LOG.debugf("%s %s/%s exists already: re-attached", object.getKind(), ns, object.getMetadata().getName());
                        return existing;
                    }
                }
                throw translate(e, "create " + object.getKind() + " " + ns + "/" + object.getMetadata().getName());
            }
        }

        private void deleteQuietly(HasMetadata object, String ns) {
            try {
                client.resource(object).inNamespace(ns).delete();
            } catch (KubernetesClientException e) {
                LOG.debugf("could not delete %s %s/%s: %s", object.getKind(), ns, object.getMetadata().getName(), e.getMessage());
            }
        }

        /** Makes the companions owned by the object, so that the cluster deletes them with it. */
        private void own(List<HasMetadata> companions, HasMetadata owner, String ns) {
            if (companions.isEmpty() || owner.getMetadata().getUid() == null) {
                return;
            }
            ObjectNode ref = JsonNodeFactory.instance.objectNode().put("apiVersion", owner.getApiVersion())
                    .put("kind", owner.getKind()).put("name", owner.getMetadata().getName())
                    .put("uid", owner.getMetadata().getUid()).put("blockOwnerDeletion", false);
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata").putArray("ownerReferences").add(ref);
            for (HasMetadata c : companions) {
                try {
                    client.resource(c).inNamespace(ns).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
                } catch (KubernetesClientException e) {
                    // not fatal: Kite deletes companions itself; the owner reference is the cluster's backstop
                    LOG.debugf("could not set the owner of %s %s/%s: %s", c.getKind(), ns, c.getMetadata().getName(), e.getMessage());
                }
            }
        }

        @Override
        public Uni<TaskStatus> poll(TaskContext<C> ctx, KubeHandle handle) {
            R cached = watches.cached(resourceType, handle.apiVersion(), handle.kind(), handle.namespace(), handle.name());
            if (cached != null) {
                return Uni.createFrom().item(() -> plugin.status(ctx, cached)).flatMap(s -> finished(ctx, s));
            }
            // not (yet) in the watch's cache: just created, or gone, or not watched yet (a restart) — the API server knows
            return blocking(() -> {
                watches.watch(resourceType, handle.apiVersion(), handle.kind(), handle.namespace());
                try {
                    return watches.api(resourceType, handle.apiVersion(), handle.kind()).inNamespace(handle.namespace())
                            .withName(handle.name()).get();
                } catch (KubernetesClientException e) {
                    throw translate(e, "read " + handle.kind() + " " + handle.namespace() + "/" + handle.name());
                }
            }).map(found -> found != null ? plugin.status(ctx, found)
                    : TaskStatus.failed(TaskError.system("RESOURCE_GONE", handle.kind() + " " + handle.namespace() + "/"
                            + handle.name() + " disappeared before it ended (deleted outside Kite, or lost with its node)")))
                    .flatMap(s -> finished(ctx, s));
        }

        /** An end passed through the plugin's {@link KubernetesPlugin#finished}; a TaskException there fails the attempt. */
        private Uni<TaskStatus> finished(TaskContext<C> ctx, TaskStatus status) {
            if (status == null || !status.phase().isTerminal()) {
                return Uni.createFrom().item(status);
            }
            Uni<TaskStatus> done;
            try {
                done = plugin.finished(ctx, status);
            } catch (TaskException e) {
                return Uni.createFrom().item(TaskStatus.failed(e.error()));
            }
            return done.onFailure(TaskException.class).recoverWithItem(e -> TaskStatus.failed(((TaskException) e).error()));
        }

        @Override
        public Uni<Void> cancel(TaskContext<C> ctx, KubeHandle handle) {
            return delete(ctx, handle);
        }

        /**
         * After the attempt's end is persisted: deletes the object (and its companions), unless it
         * failed and {@code kite.kubernetes.keep-on-failure} is set.
         */
        public Uni<Void> cleanUp(TaskContext<C> ctx, KubeHandle handle, boolean succeeded) {
            if (!succeeded && settings.keepOnFailure()) {
                return Uni.createFrom().voidItem();
            }
            return delete(ctx, handle);
        }

        private Uni<Void> delete(TaskContext<C> ctx, KubeHandle handle) {
            return blocking(() -> {
                List<HasMetadata> all;
                try {
                    all = new ArrayList<>(plugin.companions(ctx));
                } catch (RuntimeException e) {
                    all = List.of(); // owned by the object: the cluster deletes them with it
                }
                try {
                    watches.api(resourceType, handle.apiVersion(), handle.kind()).inNamespace(handle.namespace())
                            .withName(handle.name()).delete();
                    for (HasMetadata c : all) {
                        client.resource(c).inNamespace(handle.namespace()).delete();
                    }
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                        throw translate(e, "delete " + handle.kind() + " " + handle.namespace() + "/" + handle.name());
                    }
                }
                return null;
            });
        }

        /**
         * Where the attempt's logs are, for the attempt record: {@code {namespace, pod, container,
         * links}}, or null when the plugin names none.
         */
        public JsonNode logs(TaskContext<C> ctx, KubeHandle handle) {
            Optional<KubernetesPlugin.PodLog> log = plugin.log(ctx);
            if (log.isEmpty()) {
                return null;
            }
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("namespace", handle.namespace());
            n.put("pod", log.get().pod());
            n.put("container", log.get().container());
            Map<String, Templates.Template> links = logLinkTemplates();
            if (!links.isEmpty()) {
                ObjectNode pod = JsonNodeFactory.instance.objectNode().put("namespace", handle.namespace())
                        .put("name", log.get().pod()).put("container", log.get().container());
                ObjectNode execution = JsonNodeFactory.instance.objectNode().put("id", ctx.executionId().toString())
                        .put("attempt", ctx.attempt());
                Map<String, JsonNode> data = Map.of("pod", pod, "execution", execution);
                ObjectNode out = n.putObject("links");
                links.forEach((name, t) -> out.set(name, TextNode.valueOf(t.renderUrl(data))));
            }
            return n;
        }
    }

    private Map<String, Templates.Template> logLinkTemplates() {
        Map<String, Templates.Template> links = logLinks;
        if (links == null) {
            Map<String, Templates.Template> parsed = new LinkedHashMap<>();
            Templates.Scope scope = Templates.Scope.empty()
                    .with("pod", "pod field", Map.of("namespace", new SimpleType(SimpleType.Kind.STRING),
                            "name", new SimpleType(SimpleType.Kind.STRING), "container", new SimpleType(SimpleType.Kind.STRING)))
                    .with("execution", "execution field", Map.of("id", new SimpleType(SimpleType.Kind.STRING),
                            "attempt", new SimpleType(SimpleType.Kind.INTEGER)));
            new java.util.TreeMap<>(settings.logLinks()).forEach((name, text) -> {
                FieldErrors errors = new FieldErrors();
                Templates.Template t = Templates.parseUrl(text, scope, "kite.kubernetes.log-links." + name, errors);
                if (errors.isEmpty()) {
                    parsed.put(name, t);
                } else {
                    LOG.errorf("log link %s ignored: %s: %s", name, errors.list().get(0).path(), errors.list().get(0).message());
                }
            });
            links = Map.copyOf(parsed);
            logLinks = links;
        }
        return links;
    }

    // ---- logs -----------------------------------------------------------------------------------

    /**
     * The log of a container, as the cluster has it now ({@code follow}: and as it grows, until the
     * container ends). Blocking: call it off the event loop. Empty when the pod is gone.
     */
    public Optional<java.io.InputStream> log(String namespace, String pod, String container, boolean follow, Integer tailLines) {
        var resource = client.pods().inNamespace(namespace).withName(pod);
        try {
            if (resource.get() == null) {
                return Optional.empty();
            }
            var c = resource.inContainer(container);
            if (follow) {
                return Optional.of((tailLines == null ? c : c.tailingLines(tailLines)).watchLog().getOutput());
            }
            return Optional.of(tailLines == null ? c.getLogInputStream() : c.tailingLines(tailLines).getLogInputStream());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
