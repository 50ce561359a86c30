package dev.kite.plugin.spark;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.BlobType;
import dev.kite.model.DatasetType;
import dev.kite.model.LiteralType;
import dev.kite.model.Variable;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;

/**
 * The outputs contract of Spark jobs (both modes): the job writes under the attempt's raw output
 * location ({@code KITE_RAW_OUTPUT}); a {@code dataset} output {@code x} is the folder
 * {@code <raw>x/}, a {@code blob} output {@code x} the file {@code <raw>x}; scalar outputs are the
 * JSON object the job writes to {@code <raw>outputs.json} ({@code KITE_OUTPUTS}), which may also
 * name a dataset or blob elsewhere under the raw location ({@code {"uri": ...}}). Every dataset and
 * blob output is checked to exist before the attempt succeeds.
 */
final class SparkOutputs {

    /** The file of scalar outputs, under the raw output location. */
    static final String OUTPUTS_FILE = "outputs.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkOutputs() {
    }

    /** Where output {@code name} of type {@code type} goes by default. */
    static URI location(TaskContext<?> ctx, String name, LiteralType type) {
        return ctx.rawOutputPrefix().resolve(name + (type instanceof DatasetType ? "/" : ""));
    }

    static URI outputsFile(TaskContext<?> ctx) {
        return ctx.rawOutputPrefix().resolve(OUTPUTS_FILE);
    }

    /** Reads and checks the outputs the job wrote; fails with a USER {@link TaskException} naming what is wrong. */
    static Uni<ObjectNode> collect(TaskContext<?> ctx) {
        URI file = outputsFile(ctx);
        return ctx.data().head(file)
                .flatMap(found -> found.isEmpty() ? Uni.createFrom().item(JsonNodeFactory.instance.objectNode())
                        : ctx.data().read(file).map(bytes -> parse(file, bytes)))
                .flatMap(written -> references(ctx, written));
    }

    private static ObjectNode parse(URI file, byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        throw new TaskException(TaskError.user("BAD_OUTPUTS", "the job's " + OUTPUTS_FILE + " (" + file + ") must hold a JSON"
                + " object {\"name\": value, ...}, got: " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
    }

    /**
     * A failed job's own verdict: {@code outputs.json} holding {@code {"error": {"message": ...,
     * "recoverable": true}}} makes the failure USER recoverable (or not) with that message;
     * {@code failure} unchanged when the job wrote none.
     */
    static Uni<TaskError> declaredError(TaskContext<?> ctx, TaskError failure) {
        URI file = outputsFile(ctx);
        return ctx.data().head(file).flatMap(found -> found.isEmpty() ? Uni.createFrom().item(failure)
                : ctx.data().read(file).map(bytes -> {
                    JsonNode e;
                    try {
                        e = JSON.readTree(new String(bytes, StandardCharsets.UTF_8)).path("error");
                    } catch (java.io.IOException | RuntimeException x) {
                        return failure;
                    }
                    if (!e.isObject()) {
                        return failure;
                    }
                    String message = e.path("message").asText("");
                    return new TaskError(dev.kite.spi.ErrorKind.USER, e.path("recoverable").asBoolean(false), "JOB_ERROR",
                            (message.isBlank() ? "the job reported an error" : message) + " (" + failure.message() + ")");
                }))
                .onFailure().recoverWithItem(failure);
    }

    /** Puts every declared dataset/blob output's reference into {@code outputs}, after checking it exists. */
    private static Uni<ObjectNode> references(TaskContext<?> ctx, ObjectNode outputs) {
        Uni<ObjectNode> chain = Uni.createFrom().item(outputs);
        for (Map.Entry<String, Variable> e : ctx.task().iface().outputs().entrySet()) {
            LiteralType type = e.getValue().type();
            if (!(type instanceof DatasetType) && !(type instanceof BlobType)) {
                continue;
            }
            String name = e.getKey();
            chain = chain.flatMap(out -> reference(ctx, name, type, out.get(name)).map(ref -> {
                out.set(name, ref);
                return out;
            }));
        }
        return chain;
    }

    private static Uni<JsonNode> reference(TaskContext<?> ctx, String name, LiteralType type, JsonNode given) {
        URI uri;
        if (given != null && given.isObject() && given.path("uri").isTextual()) {
            uri = URI.create(given.get("uri").textValue());
            if (!uri.toString().startsWith(ctx.rawOutputPrefix().toString())) {
                return Uni.createFrom().failure(new TaskException(TaskError.user("OUTPUT_OUTSIDE", "output '" + name + "' is "
                        + uri + ", outside the attempt's raw output location " + ctx.rawOutputPrefix()
                        + "; write it there (KITE_RAW_OUTPUT)")));
            }
        } else {
            uri = location(ctx, name, type);
        }
        String format = given != null && given.path("format").isTextual() ? given.get("format").textValue()
                : type instanceof DatasetType d ? d.format() : ((BlobType) type).format();
        ObjectNode ref = JsonNodeFactory.instance.objectNode().put("uri", uri.toString()).put("format", format);
        boolean folder = type instanceof DatasetType;
        Uni<Boolean> exists = folder
                ? ctx.data().list(uri.toString().endsWith("/") ? uri : URI.create(uri + "/")).map(l -> !l.isEmpty())
                : ctx.data().head(uri).map(h -> h.isPresent());
        return exists.map(ok -> {
            if (!ok) {
                throw new TaskException(TaskError.user("MISSING_OUTPUT", "the job wrote no " + (folder ? "dataset" : "blob")
                        + " for output '" + name + "' at " + uri));
            }
            return ref;
        });
    }
}
