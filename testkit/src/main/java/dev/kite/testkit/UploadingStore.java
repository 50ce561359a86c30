package dev.kite.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.LocalDataStore;
import dev.kite.spi.data.ObjectInfo;

/**
 * The local store with upload URLs, as Kite's engine offers them ({@code kite.storage.uploads.url}):
 * {@link #signedWriteUrl} is a URL of a small HTTP server on 127.0.0.1 that writes the body of a
 * {@code PUT} as that one object. For plugins whose remote work hands its files back itself.
 */
final class UploadingStore implements DataStore {

    private final LocalDataStore store;
    private final Map<String, URI> tokens = new ConcurrentHashMap<>();
    private final URI base;

    private UploadingStore(LocalDataStore store) {
        this.store = store;
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/uploads/", this::upload);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "testkit-uploads");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/uploads/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UploadingStore over(LocalDataStore store) {
        return new UploadingStore(store);
    }

    private void upload(HttpExchange x) throws IOException {
        try (x) {
            URI target = tokens.get(x.getRequestURI().getPath().substring("/uploads/".length()));
            if (!"PUT".equals(x.getRequestMethod()) || target == null) {
                x.sendResponseHeaders(403, -1);
                return;
            }
            byte[] body = x.getRequestBody().readAllBytes();
            store.put(target, body).await().atMost(Duration.ofMinutes(1));
            x.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public Uni<Optional<URI>> signedWriteUrl(URI uri, Duration ttl) {
        String token = UUID.randomUUID().toString();
        tokens.put(token, uri);
        return Uni.createFrom().item(Optional.of(base.resolve(token)));
    }

    @Override
    public Uni<ObjectInfo> put(URI target, Path file) {
        return store.put(target, file);
    }

    @Override
    public Uni<ObjectInfo> put(URI target, byte[] bytes) {
        return store.put(target, bytes);
    }

    @Override
    public Uni<Path> download(URI source, Path target) {
        return store.download(source, target);
    }

    @Override
    public Uni<InputStream> open(URI source) {
        return store.open(source);
    }

    @Override
    public Uni<byte[]> read(URI source) {
        return store.read(source);
    }

    @Override
    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return store.head(uri);
    }

    @Override
    public Uni<List<ObjectInfo>> list(URI prefix) {
        return store.list(prefix);
    }

    @Override
    public Uni<Void> delete(URI uri) {
        return store.delete(uri);
    }

    @Override
    public Uni<Integer> deletePrefix(URI prefix) {
        return store.deletePrefix(prefix);
    }

    @Override
    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return store.signedReadUrl(uri, ttl);
    }

    @Override
    public Optional<Path> localPath(URI uri) {
        return store.localPath(uri);
    }

    @Override
    public boolean serves(URI uri) {
        return store.serves(uri);
    }
}
