package dev.kite.plugin.papermill;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.BlobType;
import dev.kite.model.DatasetType;
import dev.kite.model.Variable;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/**
 * The inputs as notebook parameters: each value as it is, except {@code blob} and {@code dataset}
 * inputs, which become a local path (the object downloaded into the working folder; a prefix
 * becomes a folder) or, with {@code files: uri}, the URI as a string.
 */
final class Parameters {

    private Parameters() {
    }

    /** The parameters by input name, in the order of the inputs. */
    static Uni<Map<String, JsonNode>> of(TaskContext<NotebookConfig> ctx, WorkDir dir) {
        Map<String, JsonNode> values = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Uni<Void>> downloads = new ArrayList<>();
        Map<String, Variable> declared = ctx.task().iface().inputs();
        ctx.inputs().properties().forEach(e -> {
            String name = e.getKey();
            JsonNode value = e.getValue();
            Variable var = declared.get(name);
            if (isFileReference(var, value)) {
                URI uri = URI.create(value.get("uri").textValue());
                if (ctx.config().filesAsUris()) {
                    values.put(name, TextNode.valueOf(uri.toString()));
                } else {
                    values.put(name, null); // keeps the order; set once downloaded
                    downloads.add(download(ctx, uri, dir.inputs(name)).invoke(p -> values.put(name, TextNode.valueOf(p.toString())))
                            .replaceWithVoid());
                }
            } else {
                values.put(name, value);
            }
        });
        if (downloads.isEmpty()) {
            return Uni.createFrom().item(values);
        }
        return Uni.join().all(downloads).andFailFast().map(x -> {
            synchronized (values) {
                return new LinkedHashMap<>(values);
            }
        });
    }

    /**
     * The parameters of a notebook run in a pod, which cannot see Kite's downloads: blob and
     * dataset inputs are always their URIs.
     */
    static Map<String, JsonNode> inPod(TaskContext<NotebookConfig> ctx) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, Variable> declared = ctx.task().iface().inputs();
        ctx.inputs().properties().forEach(e -> values.put(e.getKey(), isFileReference(declared.get(e.getKey()), e.getValue())
                ? TextNode.valueOf(e.getValue().get("uri").textValue()) : e.getValue()));
        return values;
    }

    private static boolean isFileReference(Variable var, JsonNode value) {
        return var != null && (var.type() instanceof BlobType || var.type() instanceof DatasetType)
                && value.path("uri").isTextual();
    }

    /** One object into {@code folder} (the path is its file), or every object under a prefix (the path is the folder). */
    private static Uni<Path> download(TaskContext<?> ctx, URI uri, Path folder) {
        Uni<Path> done;
        if (uri.getPath() != null && uri.getPath().endsWith("/")) {
            done = ctx.data().list(uri).chain(objects -> {
                List<Uni<Path>> each = new ArrayList<>();
                for (ObjectInfo o : objects) {
                    String relative = uri.relativize(o.uri()).getPath();
                    each.add(ctx.data().download(o.uri(), folder.resolve(relative)));
                }
                return each.isEmpty() ? Uni.createFrom().item(folder) : Uni.join().all(each).andFailFast().replaceWith(folder);
            });
        } else {
            String path = uri.getPath() == null ? "" : uri.getPath();
            String file = path.substring(path.lastIndexOf('/') + 1);
            done = ctx.data().download(uri, folder.resolve(file.isEmpty() ? "data" : file));
        }
        return done.onFailure(DataStoreException.class).transform(f -> new TaskException(
                ((DataStoreException) f).transientFailure()
                        ? TaskError.system("NOTEBOOK_INPUT_DOWNLOAD", "downloading " + uri + " failed: " + f.getMessage())
                        : TaskError.user("NOTEBOOK_INPUT_DOWNLOAD", "cannot read input " + uri + ": " + f.getMessage()), f));
    }
}
