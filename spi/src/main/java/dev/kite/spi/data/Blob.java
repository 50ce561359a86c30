package dev.kite.spi.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.spi.TaskContext;

/**
 * A {@code blob} value for {@code @KiteTask} methods: a parameter of this type receives the
 * input's object, a returned one (or a record component) becomes a blob output.
 *
 * <pre>{@code
 * @KiteTask(project = "demo", version = "v1")
 * public Blob report(TaskContext<?> ctx, Blob data) throws IOException {
 *     try (InputStream in = data.open()) {
 *         return Blob.write(ctx, "report.txt", "txt", out -> summarize(in, out));
 *     }
 * }
 * }</pre>
 *
 * <p>Reading and writing block the calling thread (a {@code @KiteTask} method runs on a worker
 * thread). {@link #write} puts the object under the attempt's raw output location.
 */
public final class Blob {

    /** Writes an object's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private final URI uri;
    private final String format;
    private final DataStore store;

    private Blob(URI uri, String format, DataStore store) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.format = format == null ? "" : format;
        this.store = store;
    }

    /** A blob at {@code uri}, read through {@code store}. */
    public static Blob of(URI uri, String format, DataStore store) {
        return new Blob(uri, format, store);
    }

    /** The blob a canonical blob value {@code {"uri": ..., "format": ...}} names. */
    public static Blob fromValue(JsonNode value, DataStore store) {
        return new Blob(URI.create(value.path("uri").asText()), value.path("format").asText(""), store);
    }

    /**
     * Writes a new object {@code name} (a relative path) under the attempt's raw output location
     * and returns the blob for it.
     */
    public static Blob write(TaskContext<?> ctx, String name, String format, Writer writer) throws IOException {
        return of(Staging.write(ctx, name, writer), format, ctx.data());
    }

    /** Uploads a local file as the object {@code name} under the attempt's raw output location. */
    public static Blob upload(TaskContext<?> ctx, String name, String format, Path file) {
        return of(Staging.upload(ctx, name, file), format, ctx.data());
    }

    public URI uri() {
        return uri;
    }

    public String format() {
        return format;
    }

    /** Opens the object for reading; the caller closes the stream. */
    public InputStream open() {
        return store().open(uri).await().indefinitely();
    }

    /** Reads the whole (small) object. */
    public byte[] readAllBytes() {
        return store().read(uri).await().indefinitely();
    }

    /** Downloads the object to the local file {@code target}. */
    public Path download(Path target) {
        return store().download(uri, target).await().indefinitely();
    }

    private DataStore store() {
        if (store == null) {
            throw new IllegalStateException("this blob was not read through Kite's data store");
        }
        return store;
    }

    /** The value, {@code {"uri": ..., "format": ...}}. */
    @JsonValue
    public ObjectNode toValue() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("uri", uri.toString());
        n.put("format", format);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && b.uri.equals(uri) && b.format.equals(format);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, format);
    }

    @Override
    public String toString() {
        return "Blob[" + uri + (format.isEmpty() ? "" : ", " + format) + "]";
    }

    /** Writes through a temporary file, so that the store receives one whole object. */
    static final class Staging {

        private Staging() {
        }

        static URI target(TaskContext<?> ctx, String name) {
            if (name.isEmpty() || name.startsWith("/") || name.contains("..")) {
                throw new IllegalArgumentException("an object name is a relative path without '..': " + name);
            }
            return ctx.rawOutputPrefix().resolve(name);
        }

        static URI write(TaskContext<?> ctx, String name, Writer writer) throws IOException {
            URI target = target(ctx, name);
            Path tmp = Files.createTempFile("kite-blob-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    writer.write(out);
                }
                ctx.data().put(target, tmp).await().indefinitely();
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        static URI upload(TaskContext<?> ctx, String name, Path file) {
            URI target = target(ctx, name);
            if (!Files.isRegularFile(file)) {
                throw new UncheckedIOException(new IOException("no file " + file));
            }
            ctx.data().put(target, file).await().indefinitely();
            return target;
        }
    }
}
