package dev.kite.plugin.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.data.DataStoreException;

/**
 * The files of one attempt's blob and dataset values: the local path of an input (the data store's
 * own file when it is local, a download into a scratch folder otherwise), and where an output file
 * is written (in place under the attempt's raw output location when it is local, in the scratch
 * folder and uploaded after otherwise). Runs on the warehouse's worker thread, so it may block.
 */
final class DatasetFiles implements AutoCloseable {

    private final TaskContext<?> ctx;
    private final Map<String, String> inputs = new HashMap<>();
    private Path scratch;

    DatasetFiles(TaskContext<?> ctx) {
        this.ctx = ctx;
    }

    /** The local path of a blob or dataset reference {@code {"uri": ...}}. */
    String localPath(JsonNode ref) {
        String uri = ref.path("uri").asText();
        return inputs.computeIfAbsent(uri, u -> {
            URI target = URI.create(u);
            Optional<Path> local = ctx.data().localPath(target);
            if (local.isPresent()) {
                return local.get().toString();
            }
            if ("file".equals(target.getScheme())) {
                return Path.of(target).toString();
            }
            try {
                String name = Path.of(target.getPath()).getFileName().toString();
                Path file = scratch().resolve("in-" + inputs.size() + "-" + name);
                return ctx.data().download(target, file).await().indefinitely().toString();
            } catch (DataStoreException e) {
                TaskError error = e.transientFailure() ? TaskError.system("DATA_STORE", e.getMessage())
                        : TaskError.user("INPUT_UNREADABLE", "cannot read " + u + ": " + e.getMessage());
                throw new TaskException(error, e);
            }
        });
    }

    /** Where an output file goes: the local file to write and the URI it will have. */
    record Output(Path file, URI uri, boolean upload) {
    }

    Output output(String name) {
        URI uri = ctx.rawOutputPrefix().resolve(name);
        Optional<Path> local = ctx.data().localPath(uri);
        if (local.isPresent()) {
            try {
                Files.createDirectories(local.get().getParent());
            } catch (IOException e) {
                throw new TaskException(TaskError.system("DATA_STORE", "cannot create " + local.get().getParent() + ": " + e));
            }
            return new Output(local.get(), uri, false);
        }
        return new Output(scratch().resolve(name), uri, true);
    }

    /** Uploads an output written to the scratch folder. */
    void publish(Output out) {
        if (!out.upload()) {
            return;
        }
        try {
            ctx.data().put(out.uri(), out.file()).await().indefinitely();
        } catch (DataStoreException e) {
            throw new TaskException(e.transientFailure() ? TaskError.system("DATA_STORE", e.getMessage())
                    : TaskError.systemFatal("DATA_STORE", e.getMessage()), e);
        }
    }

    private Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("kite-sql-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scratch;
    }

    @Override
    public void close() {
        if (scratch == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch folder in the temp directory: left for the OS to clean
        }
    }
}
