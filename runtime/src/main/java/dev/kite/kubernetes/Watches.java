package dev.kite.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The watches of {@link KubernetesDriver}: one informer per resource type and namespace, lazily
 * started and label-selected on {@code app.kubernetes.io/managed-by=kite}, whose events wake the
 * engine (the listener set with {@link #onChange}) and whose cache the engine's polls read without
 * an API call. Also the API of a resource type, typed or generic (a custom resource without a
 * Java class).
 */
@ApplicationScoped
public class Watches {

    private static final Logger LOG = Logger.getLogger(Watches.class);

    /** Label on every object Kite creates; the watches select on it ({@link KubernetesDriver#MANAGED_BY}). */
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Label with the execution id of an object; a change wakes that execution. */
    static final String EXECUTION = "kite.dev/execution";

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesSettings settings;

    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private volatile Consumer<UUID> listener = id -> {
    };

    /** Called with the execution id of every object a watch sees change (from a watch thread). */
    void onChange(Consumer<UUID> listener) {
        this.listener = listener;
    }

    @PreDestroy
    void close() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    /** How many objects of {@code type} the watch of {@code namespace} holds. */
    int watched(Class<? extends HasMetadata> type, String namespace) {
        SharedIndexInformer<? extends HasMetadata> i = informers.get(type.getName() + "|" + namespace);
        return i == null ? 0 : i.getStore().list().size();
    }

    /** Every object the watches hold now. */
    List<HasMetadata> watchedObjects() {
        List<HasMetadata> all = new ArrayList<>();
        informers.values().forEach(i -> all.addAll(i.getStore().list()));
        return all;
    }

    /**
     * The API of a resource type; for {@link GenericKubernetesResource}, of the objects with this
     * {@code apiVersion} and {@code kind} (a custom resource without a Java class).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <R extends HasMetadata> MixedOperation<R, ? extends KubernetesResourceList<R>, Resource<R>> api(Class<R> type,
            String apiVersion, String kind) {
        if (type == GenericKubernetesResource.class) {
            return (MixedOperation) client.genericKubernetesResources(apiVersion, kind);
        }
        return (MixedOperation) client.resources(type);
    }

    private static String informerKey(Class<?> type, String apiVersion, String kind, String namespace) {
        return type == GenericKubernetesResource.class ? type.getName() + "|" + apiVersion + "|" + kind + "|" + namespace
                : type.getName() + "|" + namespace;
    }

    /** The object {@code namespace/name} as the watch has it; null when not (yet) watched or not in its cache. */
    @SuppressWarnings("unchecked")
    <R extends HasMetadata> R cached(Class<R> type, String apiVersion, String kind, String namespace, String name) {
        SharedIndexInformer<R> watch = (SharedIndexInformer<R>) informers.get(informerKey(type, apiVersion, kind, namespace));
        return watch == null ? null : watch.getStore().getByKey(namespace + "/" + name);
    }

    /** Starts the watch of {@code type} in {@code namespace} unless it runs. Blocking: call it off the event loop. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <R extends HasMetadata> void watch(Class<R> type, String apiVersion, String kind, String namespace) {
        informers.computeIfAbsent(informerKey(type, apiVersion, kind, namespace), k -> {
            SharedIndexInformer<R> i = api(type, apiVersion, kind).inNamespace(namespace)
                    .withLabel(MANAGED_BY, "kite").runnableInformer(settings.resync().toMillis());
            i.addEventHandler(new ResourceEventHandler<R>() {
                @Override
                public void onAdd(R obj) {
                    changed(obj);
                }

                @Override
                public void onUpdate(R oldObj, R newObj) {
                    changed(newObj);
                }

                @Override
                public void onDelete(R obj, boolean deletedFinalStateUnknown) {
                    changed(obj);
                }
            });
            i.start().whenComplete((x, f) -> {
                if (f != null) {
                    LOG.warnf("watch of %s in namespace %s could not start (polls read the API instead): %s",
                            type.getSimpleName(), namespace, f.toString());
                }
            });
            return i;
        });
    }

    private void changed(HasMetadata obj) {
        String id = obj.getMetadata() == null || obj.getMetadata().getLabels() == null ? null
                : obj.getMetadata().getLabels().get(EXECUTION);
        if (id != null) {
            try {
                listener.accept(UUID.fromString(id));
            } catch (RuntimeException e) {
                LOG.debugf("watch event for %s not handled: %s", id, e);
            }
        }
    }
}
