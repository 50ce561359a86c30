package dev.kite.server.data;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.model.LiteralType;
import dev.kite.spi.KiteTask;
import dev.kite.spi.TaskContext;
import dev.kite.spi.data.Blob;
import dev.kite.spi.data.Dataset;

/** @KiteTask methods of the data tests, in project {@value #PROJECT} (and {@value #RETAINED}). */
@ApplicationScoped
public class DataTasks {

    public static final String PROJECT = "kite-data-tests";
    public static final String RETAINED = "kite-data-retained";
    public static final String FORGOTTEN = "kite-data-forgotten";

    /** What a reader saw of a blob. */
    public record Digest(long size, String sha256) {
    }

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    int calls(String label) {
        return calls.getOrDefault(label, new AtomicInteger()).get();
    }

    /** {@code megabytes} MiB of a repeating pattern, as a blob output. */
    @KiteTask(project = PROJECT, name = "write-blob", version = "v1", timeout = "PT5M")
    public Blob writeBlob(TaskContext<?> ctx, int megabytes) throws IOException {
        return Blob.write(ctx, "pattern.bin", "bin", out -> {
            byte[] mb = pattern();
            for (int i = 0; i < megabytes; i++) {
                out.write(mb);
            }
        });
    }

    /** Reads a blob input to its end. */
    @KiteTask(project = PROJECT, name = "read-blob", version = "v1", timeout = "PT5M")
    public Digest readBlob(Blob data) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = new DigestInputStream(data.open(), sha)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                size += n;
            }
        }
        return new Digest(size, HexFormat.of().formatHex(sha.digest()));
    }

    /** A string of {@code kilobytes} KiB: a large JSON output. */
    @KiteTask(project = PROJECT, name = "big-json", version = "v1")
    public String bigJson(int kilobytes) {
        return "x".repeat(kilobytes * 1024);
    }

    /** The length of a string. */
    @KiteTask(project = PROJECT, name = "length", version = "v1")
    public long length(String text) {
        return text.length();
    }

    /** What {@link #bigThenLength} answers: a node's large output, and the length a later node measured of it. */
    public record BigAndLength(String text, long length) {
    }

    /** A graph that passes a large (offloaded) output of one node to another node and to its own outputs. */
    @KiteTask(project = PROJECT, name = "big-then-length", version = "v1", outputs = BigAndLength.class)
    public dev.kite.model.Graph bigThenLength(int kilobytes) {
        dev.kite.model.Graph.Builder g = dev.kite.model.Graph.builder();
        g.node("big", "big-json").input("kilobytes", g.input("kilobytes"));
        g.node("len", "length").input("text", g.output("big", "o0"));
        g.output("text", g.output("big", "o0"));
        return g.output("length", g.output("len", "o0")).build();
    }

    /** A small blob output whose run is counted, memoized. */
    @KiteTask(project = PROJECT, name = "cached-blob", version = "v1", cache = @KiteTask.Cache(version = "1"))
    public Blob cachedBlob(TaskContext<?> ctx, String label) throws IOException {
        calls.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
        return Blob.write(ctx, "label.txt", "txt", out -> out.write(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A dataset that reports its columns and row count. */
    @KiteTask(project = PROJECT, name = "write-table", version = "v1")
    public Dataset writeTable(TaskContext<?> ctx, int rows) throws IOException {
        return Dataset.write(ctx, "table.csv", "csv", out -> {
            StringBuilder sb = new StringBuilder("id,name\n");
            for (int i = 0; i < rows; i++) {
                sb.append(i).append(",row").append(i).append('\n');
            }
            out.write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }).withColumns(Map.of("id", LiteralType.INTEGER, "name", LiteralType.STRING)).withRows(rows);
    }

    /** A blob output, in a project whose data is kept a millisecond. */
    @KiteTask(project = RETAINED, name = "short-lived", version = "v1")
    public Blob shortLived(TaskContext<?> ctx, String label) throws IOException {
        return Blob.write(ctx, "label.txt", "txt", out -> out.write(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The same, memoized: its cache entry keeps its data. */
    @KiteTask(project = RETAINED, name = "short-lived-cached", version = "v1", cache = @KiteTask.Cache(version = "1"))
    public Blob shortLivedCached(TaskContext<?> ctx, String label) throws IOException {
        return shortLived(ctx, label);
    }

    /** A blob output, in a project whose execution records are kept a millisecond. */
    @KiteTask(project = FORGOTTEN, name = "forgotten", version = "v1")
    public Blob forgotten(TaskContext<?> ctx, String label) throws IOException {
        return shortLived(ctx, label);
    }

    /** The same, memoized: its cache entry keeps its record and data. */
    @KiteTask(project = FORGOTTEN, name = "forgotten-cached", version = "v1", cache = @KiteTask.Cache(version = "1"))
    public Blob forgottenCached(TaskContext<?> ctx, String label) throws IOException {
        return shortLived(ctx, label);
    }

    static byte[] pattern() {
        byte[] mb = new byte[1024 * 1024];
        for (int i = 0; i < mb.length; i++) {
            mb[i] = (byte) (i * 31 + 7);
        }
        return mb;
    }
}
