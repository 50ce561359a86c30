package dev.kite.plugin.batch;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.mutiny.Uni;

import dev.kite.model.Canonical;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/**
 * An array job's data in the object store, under the attempt's raw output prefix: element
 * {@code i} of the collection at {@code array/inputs/<i>.json} (written by Kite before SubmitJob),
 * child {@code i}'s output at {@code array/outputs/<i>.json} (written by the child, optional). One
 * object per element, so that a child reads only its own element and writes only its own output.
 * Blocking: call it on a worker thread.
 */
final class ArrayData {

    /** Longest wait for the store while writing the inputs or reading the outputs. */
    static final Duration STORE_WAIT = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArrayData() {
    }

    /** The prefix of the children's inputs ({@code KITE_ARRAY_INPUTS}). */
    static URI inputs(TaskContext<?> ctx) {
        return under(ctx.rawOutputPrefix(), "array/inputs/");
    }

    /** The prefix of the children's outputs ({@code KITE_ARRAY_OUTPUTS}). */
    static URI outputs(TaskContext<?> ctx) {
        return under(ctx.rawOutputPrefix(), "array/outputs/");
    }

    static URI element(URI prefix, int index) {
        return under(prefix, index + ".json");
    }

    /** Appended, not {@link URI#resolve}d: resolving turns {@code file:///x/} into {@code file:/x/}. */
    private static URI under(URI prefix, String relative) {
        String p = prefix.toString();
        return URI.create((p.endsWith("/") ? p : p + "/") + relative);
    }

    /** Writes every element as its own object (canonical JSON); the same names and bytes when repeated. */
    static void writeInputs(TaskContext<?> ctx, JsonNode items) {
        URI prefix = inputs(ctx);
        List<Uni<ObjectInfo>> puts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            puts.add(ctx.data().put(element(prefix, i), Canonical.bytes(items.get(i))));
        }
        if (puts.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(puts).andFailFast().await().atMost(STORE_WAIT);
        } catch (RuntimeException e) {
            throw storeFailed("writing the array's inputs under " + prefix, e);
        }
    }

    /**
     * The children's outputs in child order: the JSON each child wrote to {@code <i>.json}, null
     * for a child that wrote none (a failed child, or one with nothing to say).
     */
    static ArrayNode readOutputs(TaskContext<?> ctx, int size) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(size);
        if (size == 0) {
            return out;
        }
        URI prefix = outputs(ctx);
        DataStore store = ctx.data();
        try {
            // compared by path: stores may spell the same file:// URI differently (file:/x, file:///x)
            Set<String> written = new HashSet<>();
            store.list(prefix).await().atMost(STORE_WAIT).forEach(o -> written.add(o.uri().getPath()));
            for (int i = 0; i < size; i++) {
                URI uri = element(prefix, i);
                out.add(written.contains(uri.getPath()) ? parse(i, store.read(uri).await().atMost(STORE_WAIT)) : null);
            }
            return out;
        } catch (TaskException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storeFailed("reading the array's outputs under " + prefix, e);
        }
    }

    private static JsonNode parse(int index, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new TaskException(TaskError.user("ARRAY_OUTPUT_INVALID", "child " + index + " wrote an output that is"
                    + " not JSON (array/outputs/" + index + ".json): " + e.getMessage()));
        }
    }

    private static TaskException storeFailed(String what, RuntimeException e) {
        Throwable cause = e instanceof DataStoreException ? e : e.getCause() instanceof DataStoreException d ? d : e;
        return new TaskException(TaskError.system("DATA_STORE_UNAVAILABLE", what + " failed: " + cause.getMessage()), e);
    }
}
