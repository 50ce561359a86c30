package dev.kite.kubernetes;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.kite.fault.Guards;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;

/**
 * Deletes Kubernetes objects whose attempt has ended although the object is still there: the
 * process that drove the attempt stopped between recording its end and deleting the object.
 * Only objects of executions this Kite knows (its database) and does not drive right now are
 * considered; another installation's objects in a shared namespace are left alone. Failed
 * attempts' objects stay when {@code kite.kubernetes.keep-on-failure} is set. The engine starts
 * it ({@link #sweep}, every {@code kite.kubernetes.resync}) with a test of which executions it
 * drives; the sweep reads attempts from the stored rows and never calls the engine.
 */
@ApplicationScoped
public class LeftoverSweep {

    private static final Logger LOG = Logger.getLogger(LeftoverSweep.class);

    @Inject
    KubernetesDriver driver;

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesSettings settings;

    @Inject
    ExecutionStore store;

    @Inject
    Guards guards;

    @Inject
    ObjectMapper mapper;

    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** One sweep; {@code drivenHere} tells the executions this process drives now (left alone). */
    public void sweep(Predicate<UUID> drivenHere) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        Map<UUID, List<HasMetadata>> candidates = candidates(drivenHere);
        if (candidates.isEmpty()) {
            sweeping.set(false);
            return;
        }
        guards.database(() -> store.findAll(candidates.keySet())).onTermination().invoke(() -> sweeping.set(false))
                .subscribe().with(rows -> {
                    for (ExecutionRow row : rows) {
                        if (!drivenHere.test(row.id())) {
                            deleteEnded(row, candidates.get(row.id()));
                        }
                    }
                }, f -> LOG.debugf("leftover sweep failed: %s", f));
    }

    private Map<UUID, List<HasMetadata>> candidates(Predicate<UUID> drivenHere) {
        Map<UUID, List<HasMetadata>> candidates = new HashMap<>();
        for (var object : driver.watchedObjects()) {
            Map<String, String> labels = object.getMetadata().getLabels();
            String id = labels == null ? null : labels.get(KubernetesDriver.EXECUTION);
            if (id == null || labels.get(KubernetesDriver.ATTEMPT) == null || object.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            try {
                UUID uuid = UUID.fromString(id);
                if (!drivenHere.test(uuid)) {
                    candidates.computeIfAbsent(uuid, k -> new ArrayList<>()).add(object);
                }
            } catch (IllegalArgumentException e) {
                // not a label Kite wrote
            }
        }
        return candidates;
    }

    private void deleteEnded(ExecutionRow row, List<HasMetadata> objects) {
        Map<Integer, String> phases = attemptPhases(row.attempts());
        for (var object : objects) {
            String phase = phases.get(attemptLabel(object));
            boolean ended = phase == null ? row.done() : !"RUNNING".equals(phase);
            boolean kept = "FAILED".equals(phase) && settings.keepOnFailure();
            if (ended && !kept) {
                LOG.infof("deleting %s %s/%s left behind by attempt %s of %s", object.getKind(),
                        object.getMetadata().getNamespace(), object.getMetadata().getName(),
                        object.getMetadata().getLabels().get(KubernetesDriver.ATTEMPT), row.id());
                delete(object).subscribe().with(x -> { },
                        f -> LOG.warnf("could not delete %s: %s", object.getMetadata().getName(), f));
            }
        }
    }

    /** Attempt number → phase, from the stored attempts. */
    private Map<Integer, String> attemptPhases(String attempts) {
        Map<Integer, String> phases = new HashMap<>();
        try {
            JsonNode array = attempts == null ? null : mapper.readTree(attempts);
            if (array != null) {
                array.forEach(a -> phases.put(a.path("number").asInt(), a.path("phase").asText()));
            }
        } catch (JsonProcessingException e) {
            LOG.debugf("unreadable attempts: %s", e.getMessage());
        }
        return phases;
    }

    /** Deletes an object left behind; its companions go with it (they are owned by it). */
    private Uni<Void> delete(HasMetadata object) {
        return Uni.createFrom().<Void>item(() -> {
            try {
                client.resource(object).inNamespace(object.getMetadata().getNamespace()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
            }
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static int attemptLabel(HasMetadata object) {
        try {
            return Integer.parseInt(object.getMetadata().getLabels().get(KubernetesDriver.ATTEMPT));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
