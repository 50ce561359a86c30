package dev.kite.data;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

import dev.kite.model.TaskId;
import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.LocalDataStore;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;
import dev.kite.spi.data.RawOutputs;

/**
 * The one {@link DataStore} the engine and plugins use: routes each URI to the configured store
 * that serves it, and lays out the attempts' raw output locations.
 */
@Startup
@ApplicationScoped
public class DataStores implements DataStore {

    private static volatile DataStores current;

    @Inject
    StorageConfig config;

    private List<DataStore> stores;
    private URI rawRoot;

    @PostConstruct
    void init() {
        LocalDataStore local = new LocalDataStore(config.local().root());
        stores = List.of(local);
        rawRoot = URI.create(config.rawOutputRoot().map(r -> r.endsWith("/") ? r : r + "/")
                .orElse(local.rootUri().toString()));
        current = this;
    }

    /** The application's instance, for the engine's value objects that are not beans. */
    public static DataStores current() {
        DataStores d = current;
        if (d == null) {
            throw new IllegalStateException("the data store is not started yet");
        }
        return d;
    }

    /** {@code <raw-output-root>raw/<project>/<domain>/<execution>/<attempt>/}. */
    public URI rawOutputPrefix(TaskId task, UUID execution, int attempt) {
        return RawOutputs.prefix(rawRoot, task, execution, attempt);
    }

    private DataStore store(URI uri) {
        for (DataStore s : stores) {
            if (s.serves(uri)) {
                return s;
            }
        }
        throw new DataStoreException("no configured data store serves " + uri, false);
    }

    private <T> Uni<T> routed(URI uri, java.util.function.Function<DataStore, Uni<T>> op) {
        DataStore s;
        try {
            s = store(uri);
        } catch (DataStoreException e) {
            return Uni.createFrom().failure(e);
        }
        return op.apply(s);
    }

    @Override
    public boolean serves(URI uri) {
        return stores.stream().anyMatch(s -> s.serves(uri));
    }

    @Override
    public Optional<Path> localPath(URI uri) {
        return stores.stream().filter(s -> s.serves(uri)).findFirst().flatMap(s -> s.localPath(uri));
    }

    @Override
    public Uni<ObjectInfo> put(URI target, Path file) {
        return routed(target, s -> s.put(target, file));
    }

    @Override
    public Uni<ObjectInfo> put(URI target, byte[] bytes) {
        return routed(target, s -> s.put(target, bytes));
    }

    @Override
    public Uni<Path> download(URI source, Path target) {
        return routed(source, s -> s.download(source, target));
    }

    @Override
    public Uni<InputStream> open(URI source) {
        return routed(source, s -> s.open(source));
    }

    @Override
    public Uni<byte[]> read(URI source) {
        return routed(source, s -> s.read(source));
    }

    @Override
    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return routed(uri, s -> s.head(uri));
    }

    @Override
    public Uni<List<ObjectInfo>> list(URI prefix) {
        return routed(prefix, s -> s.list(prefix));
    }

    @Override
    public Uni<Void> delete(URI uri) {
        return routed(uri, s -> s.delete(uri));
    }

    @Override
    public Uni<Integer> deletePrefix(URI prefix) {
        return routed(prefix, s -> s.deletePrefix(prefix));
    }

    @Override
    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return routed(uri, s -> s.signedReadUrl(uri, ttl));
    }

    /** For tests and subclasses: the stores in routing order. */
    List<DataStore> stores() {
        return stores;
    }
}
