package dev.kite.plugin.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.core.Vertx;

/**
 * Files a task's config names ({@code tls.caPath}): only files under a directory the operator
 * lists in {@code kite.http.file-roots}. Registration checks the path as text and never touches
 * the file system, so it tells a client nothing about which files exist; the file is read when a
 * request needs it, on a worker thread, and must then still lie under a root once links are
 * followed and hold PEM certificates. Anything else fails the attempt as a USER error that does
 * not retry.
 */
final class TrustFiles {

    /** Largest certificate file read. */
    static final int MAX_BYTES = 1 << 20;

    private final List<Path> roots;
    private final Map<String, Buffer> loaded = new ConcurrentHashMap<>();

    TrustFiles(List<String> roots) {
        this.roots = roots.stream().map(String::strip).filter(r -> !r.isEmpty()).map(r -> Path.of(r).normalize()).toList();
    }

    /** Why {@code file} may not be named by a task (as text only), or null when it may. */
    String refusal(String file) {
        if (roots.isEmpty()) {
            return "no file may be named: the operator has set no kite.http.file-roots";
        }
        Path p;
        try {
            p = Path.of(file);
        } catch (InvalidPathException e) {
            return "not a file path";
        }
        if (!p.isAbsolute() || !p.normalize().equals(p) || file.contains("/./") || file.contains("//")) {
            return "must be an absolute path without '.' or '..' segments";
        }
        if (roots.stream().noneMatch(r -> p.startsWith(r) && !p.equals(r))) {
            return "must be a file under one of the directories of kite.http.file-roots";
        }
        return null;
    }

    /** The PEM certificates of {@code file}, read once; a USER non-recoverable failure when unusable. */
    Uni<Buffer> certificates(Vertx vertx, String file) {
        Buffer known = loaded.get(file);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            Buffer pem = read(file);
            loaded.put(file, pem);
            return pem;
        }), false);
    }

    /** The certificates of a file {@link #certificates} has read. */
    Buffer loaded(String file) {
        Buffer pem = loaded.get(file);
        if (pem == null) {
            throw new IllegalStateException("tls.caPath " + file + " was not read before use");
        }
        return pem;
    }

    private Buffer read(String file) {
        HttpFailure unusable = HttpFailure.user("HTTP_TLS_CA", "tls.caPath \"" + file + "\" cannot be used: it must be a"
                + " readable file of PEM certificates under kite.http.file-roots");
        if (refusal(file) != null) {
            throw unusable;
        }
        try {
            Path real = Path.of(file).toRealPath();
            boolean under = false;
            for (Path r : roots) {
                Path realRoot;
                try {
                    realRoot = r.toRealPath();
                } catch (IOException e) {
                    continue;
                }
                under |= real.startsWith(realRoot) && !real.equals(realRoot);
            }
            if (!under || !Files.isRegularFile(real) || Files.size(real) > MAX_BYTES) {
                throw unusable;
            }
            byte[] bytes = Files.readAllBytes(real);
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    throw unusable;
                }
            }
            return Buffer.buffer(bytes);
        } catch (IOException | CertificateException | SecurityException e) {
            throw unusable;
        }
    }
}
