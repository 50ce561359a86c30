package dev.kite.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.kite.data.DataStores;
import dev.kite.data.DataValues;
import dev.kite.data.Offloads;
import dev.kite.store.ExecutionRow;

/**
 * How offloaded values show in the API: as a link to the data endpoint,
 * {@code {"$offloaded": {"link": "/api/v1/executions/<id>/data/outputs/<name>", "size": ..., "sha256": ...}}},
 * and, when one execution is read, inline up to {@code kite.storage.offload.inline-limit}.
 */
@ApplicationScoped
public class DataLinks {

    @Inject
    DataValues values;

    @Inject
    DataStores data;

    @Inject
    ObjectMapper mapper;

    /** {@code named} with each reference replaced by its link; {@code kind} is {@code inputs} or {@code outputs}. */
    JsonNode linked(UUID execution, String kind, JsonNode named) {
        if (named == null || !named.isObject() || !Offloads.any((ObjectNode) named)) {
            return named;
        }
        ObjectNode copy = ((ObjectNode) named).deepCopy();
        named.properties().forEach(e -> {
            if (Offloads.isMarker(e.getValue())) {
                ObjectNode ref = mapper.createObjectNode();
                ref.putObject(Offloads.KEY)
                        .put("link", "/api/v1/executions/" + execution + "/data/" + kind + "/" + e.getKey())
                        .put("size", Offloads.size(e.getValue()))
                        .put("sha256", e.getValue().get(Offloads.KEY).path("sha256").asText());
                copy.set(e.getKey(), ref);
            }
        });
        return copy;
    }

    /** The view of {@code row} with its offloaded values up to the inline limit read back in place of their links. */
    Uni<ObjectNode> inline(ExecutionRow row, ObjectNode view) {
        long limit = data.config().offload().inlineLimit().asLongValue();
        List<Uni<Void>> reads = new ArrayList<>();
        for (String kind : List.of("inputs", "outputs")) {
            String text = kind.equals("inputs") ? row.inputs() : row.outputs();
            if (text == null || !text.contains(Offloads.KEY)) {
                continue; // no reference to read back (the common case: no parse)
            }
            JsonNode stored = parse(text);
            if (stored == null || !stored.isObject() || !(view.get(kind) instanceof ObjectNode shown)) {
                continue;
            }
            stored.properties().forEach(e -> {
                if (Offloads.isMarker(e.getValue()) && Offloads.size(e.getValue()) <= limit) {
                    reads.add(values.read(e.getValue()).invoke(v -> shown.set(e.getKey(), v)).replaceWithVoid());
                }
            });
        }
        if (reads.isEmpty()) {
            return Uni.createFrom().item(view);
        }
        // a value that cannot be read back stays a link: the answer is still the execution's
        return Multi.createFrom().iterable(reads).onItem().transformToUniAndConcatenate(u -> u.onFailure().recoverWithNull())
                .collect().last().replaceWith(view);
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
