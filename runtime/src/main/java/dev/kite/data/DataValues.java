package dev.kite.data;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.kite.model.Canonical;
import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.ValidationException;
import dev.kite.model.Templates;
import dev.kite.model.Values;
import dev.kite.spi.TaskError;
import dev.kite.spi.data.DataStoreException;

/**
 * What the engine does with data values: checks that blob and dataset inputs are readable, checks
 * that outputs a plugin returns exist, and offloads large values to the store, keeping a
 * reference ({@link Offloads}) in their place. Every store call is asynchronous, on the worker
 * pool.
 */
@ApplicationScoped
public class DataValues {

    /** Outputs as they are to be recorded, or why the attempt failed instead. */
    public record Settled(ObjectNode outputs, TaskError error) {
    }

    @Inject
    DataStores data;

    @Inject
    ObjectMapper mapper;

    // ---- inputs ---------------------------------------------------------------------------------

    /**
     * Fails with a {@link ValidationException} naming {@code inputs.<name>} for each blob or
     * dataset input that no store serves or that is not there, except the task's
     * {@code metadata.uncheckedInputs}; with a transient {@link DataStoreException} when a store
     * does not answer.
     */
    public Uni<Void> checkInputs(TaskTemplate task, ObjectNode inputs) {
        List<ValueReferences.Ref> refs = new ArrayList<>();
        for (ValueReferences.Ref r : ValueReferences.typed(task.iface().inputs(), inputs, "inputs")) {
            if (!task.metadata().uncheckedInputs().contains(r.name())) {
                refs.add(r);
            }
        }
        return problems(refs, "cannot be read").map(errors -> {
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return null;
        });
    }

    /** One message per missing or unreadable reference; a transient store failure fails the whole check. */
    private Uni<List<FieldError>> problems(List<ValueReferences.Ref> refs, String verb) {
        if (refs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(refs).onItem().transformToUniAndConcatenate(r -> problem(r, verb))
                .collect().asList().map(all -> all.stream().filter(e -> e != null).toList());
    }

    private Uni<FieldError> problem(ValueReferences.Ref r, String verb) {
        if (r.uri() == null) {
            return Uni.createFrom().item(new FieldError(r.path() + ".uri", "not a valid URI"));
        }
        if (!data.serves(r.uri())) {
            return Uni.createFrom().item(new FieldError(r.path() + ".uri", r.uri() + " " + verb + ": no configured data store "
                    + "serves it (stores: " + data.stores().stream().map(s -> s.root().toString()).toList() + ")"));
        }
        return exists(r).map(there -> there ? null : new FieldError(r.path() + ".uri", r.uri() + " " + verb
                + ": there is no object" + (r.folder() ? " or folder" : "") + " there"))
                .onFailure(f -> f instanceof DataStoreException e && !e.transientFailure())
                .recoverWithItem(f -> new FieldError(r.path() + ".uri", r.uri() + " " + verb + ": " + f.getMessage()));
    }

    /** An object at the URI, or, for a folder-like value, at least one object under it. */
    Uni<Boolean> exists(ValueReferences.Ref r) {
        return data.head(r.uri()).chain(found -> {
            if (found.isPresent() || !r.folder()) {
                return Uni.createFrom().item(found.isPresent());
            }
            String u = r.uri().toString();
            return data.list(URI.create(u.endsWith("/") ? u : u + "/")).map(list -> !list.isEmpty());
        });
    }

    /**
     * Offloads the inputs above the threshold under the execution's location; the others stay as
     * they are. Returns the values to store.
     */
    public Uni<ObjectNode> offloadInputs(TaskTemplate task, UUID execution, ObjectNode inputs) {
        URI base = data.executionPrefix(task.id().project(), task.id().domain(), task.id().name(), execution)
                .resolve(".kite/inputs/");
        return offload(inputs, base);
    }

    /** The values with every reference replaced by the value it stands for. */
    public Uni<ObjectNode> resolve(ObjectNode values) {
        if (!Offloads.any(values)) {
            return Uni.createFrom().item(values);
        }
        ObjectNode resolved = values.deepCopy();
        List<String> names = new ArrayList<>();
        values.properties().forEach(e -> {
            if (Offloads.isMarker(e.getValue())) {
                names.add(e.getKey());
            }
        });
        return Multi.createFrom().iterable(names).onItem().transformToUniAndConcatenate(name -> read(values.get(name))
                .invoke(v -> resolved.set(name, v))).collect().last().replaceWith(resolved);
    }

    /** The value a reference stands for. */
    public Uni<JsonNode> read(JsonNode marker) {
        URI uri = Offloads.uri(marker);
        return data.read(uri).map(bytes -> {
            try {
                return mapper.readTree(bytes);
            } catch (IOException e) {
                throw new DataStoreException("the offloaded value at " + uri + " is not JSON: " + e.getMessage(), false, e);
            }
        });
    }

    /** {@code kite.storage.offload.threshold} in bytes. */
    public long offloadThreshold() {
        return data.config().offload().threshold().asLongValue();
    }

    // ---- outputs --------------------------------------------------------------------------------

    /**
     * Coerces a plugin's outputs against the interface, checks that every blob and dataset output
     * exists, and offloads the large ones under the attempt's raw output location.
     */
    public Uni<Settled> settleOutputs(TaskTemplate task, UUID execution, int attempt, ObjectNode outputs) {
        FieldErrors errors = new FieldErrors();
        ObjectNode checked = Values.coerceInputs(task.iface().outputs(), outputs, "outputs", errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(mismatch(errors.list()));
        }
        List<ValueReferences.Ref> refs = ValueReferences.typed(task.iface().outputs(), checked, "outputs");
        URI base = data.rawOutputPrefix(task.id(), execution, attempt).resolve(".kite/outputs/");
        return problems(refs, "was returned").chain(missing -> missing.isEmpty()
                ? offload(checked, base).map(stored -> new Settled(stored, null))
                : Uni.createFrom().item(mismatch(missing)))
                .onFailure(DataStoreException.class).recoverWithItem(f -> new Settled(null, TaskError.system(
                        "DATA_STORE_UNAVAILABLE", "the outputs could not be checked or stored: " + f.getMessage())));
    }

    private static Settled mismatch(List<FieldError> errors) {
        StringBuilder sb = new StringBuilder();
        for (FieldError e : errors) {
            sb.append(sb.isEmpty() ? "" : "; ").append(e.path()).append(": ").append(e.message());
        }
        return new Settled(null, TaskError.user("OUTPUT_MISMATCH", "the outputs do not match the interface: " + sb));
    }

    /**
     * Whether every reference in {@code outputs} (offloaded values, and blobs and datasets in a
     * store Kite serves) still points at something: a cache entry whose data was deleted is no hit.
     */
    public Uni<Boolean> available(ObjectNode outputs) {
        List<ValueReferences.Ref> refs = new ArrayList<>();
        outputs.properties().forEach(e -> {
            if (Offloads.isMarker(e.getValue())) {
                refs.add(new ValueReferences.Ref(e.getKey(), e.getKey(), Offloads.uri(e.getValue()), false));
            }
        });
        ValueReferences.byShape(outputs).stream().filter(r -> r.uri() != null && data.serves(r.uri())).forEach(refs::add);
        if (refs.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        return Multi.createFrom().iterable(refs).onItem().transformToUniAndConcatenate(this::exists)
                .collect().asList().map(all -> all.stream().allMatch(b -> b));
    }

    // ---- offloading -----------------------------------------------------------------------------

    private Uni<ObjectNode> offload(ObjectNode values, URI base) {
        long threshold = offloadThreshold();
        Map<String, byte[]> large = new TreeMap<>();
        values.properties().forEach(e -> {
            byte[] bytes = Canonical.bytes(e.getValue());
            // a value shaped like a reference is offloaded whatever its size: stored, it is then
            // a reference Kite wrote, never user data taken for one
            if (bytes.length > threshold || Offloads.isMarker(e.getValue())) {
                large.put(e.getKey(), bytes);
            }
        });
        if (large.isEmpty()) {
            return Uni.createFrom().item(values);
        }
        ObjectNode stored = values.deepCopy();
        return Multi.createFrom().iterable(large.entrySet()).onItem().transformToUniAndConcatenate(e -> {
            URI target = base.resolve(Templates.percent(e.getKey()) + ".json");
            String digest = Canonical.sha256(values.get(e.getKey()));
            return data.put(target, e.getValue()).invoke(info -> stored.set(e.getKey(),
                    Offloads.marker(info.uri(), e.getValue().length, digest)));
        }).collect().last().replaceWith(stored);
    }
}
