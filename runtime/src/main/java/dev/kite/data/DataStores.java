package dev.kite.data;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.kite.config.KiteConfig;
import dev.kite.data.s3.S3Clients;
import dev.kite.model.TaskId;
import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.LocalDataStore;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/**
 * The one {@link DataStore} the engine and plugins use: routes each URI to the configured store
 * that serves it (the local filesystem, then the named stores), lays out the attempts' raw output
 * locations, enforces the object size limit, and counts bytes and failures per store
 * ({@code kite_data_bytes_total{store,direction=in|out}}, {@code kite_data_errors_total{store,operation}}).
 */
@Startup
@ApplicationScoped
public class DataStores implements DataStore {

    private static volatile DataStores current;

    /** A configured store under its name. */
    public record Named(String name, DataStore store, URI root) {
    }

    @Inject
    StorageConfig config;

    @Inject
    KiteConfig kite;

    @Inject
    MeterRegistry registry;

    @Inject
    UploadUrls uploads;

    private List<Named> stores;
    private RawLayout layout;

    @PostConstruct
    void init() {
        List<Named> all = new ArrayList<>();
        LocalDataStore local = new LocalDataStore(config.local().root());
        all.add(new Named(StorageConfig.LOCAL, local, local.rootUri()));
        config.stores().forEach((name, store) -> {
            if (StorageConfig.LOCAL.equals(name)) {
                throw new IllegalStateException("kite.storage.stores.\"local\": the name local is the local filesystem store's");
            }
            if (!"s3".equals(store.type())) {
                throw new IllegalStateException("kite.storage.stores.\"" + name + "\".type: unknown store type \"" + store.type()
                        + "\"; known: s3");
            }
            var s3 = S3Clients.store(name, store, kite.secrets());
            all.add(new Named(name, s3, s3.rootUri()));
        });
        stores = List.copyOf(all);
        layout = new RawLayout(config, defaultRoot(), this::serves);
        current = this;
    }

    private URI defaultRoot() {
        return stores.stream().filter(s -> s.name().equals(config.defaultStore())).findFirst().map(Named::root)
                .orElseThrow(() -> new IllegalStateException("kite.storage.default-store: no store is named \""
                        + config.defaultStore() + "\" (configured: " + stores.stream().map(Named::name).toList() + ")"));
    }

    /** The application's instance, for the engine's value objects that are not beans. */
    public static DataStores current() {
        DataStores d = current;
        if (d == null) {
            throw new IllegalStateException("the data store is not started yet");
        }
        return d;
    }

    /** An attempt's raw output location: the raw output root of its scope and the configured layout. */
    public URI rawOutputPrefix(TaskId task, UUID execution, int attempt) {
        return layout.attempt(task, execution, attempt);
    }

    /** Everything of one execution (all attempts, offloaded inputs): the part of the layout up to the execution id. */
    public URI executionPrefix(String project, String domain, String name, UUID execution) {
        return layout.execution(project, domain, name, execution);
    }

    /** The retention of a project and domain's raw outputs, if any. */
    public Optional<Duration> retention(String project, String domain) {
        return layout.scope(project, domain).flatMap(StorageConfig.Scope::retention).or(config::retention);
    }

    /** How long the records of a project and domain's ended executions are kept; empty: forever. */
    public Optional<Duration> historyRetention(String project, String domain) {
        Duration d = layout.scope(project, domain).flatMap(StorageConfig.Scope::historyRetention)
                .orElse(config.historyRetention());
        return d.isZero() || d.isNegative() ? Optional.empty() : Optional.of(d);
    }

    /** The configured stores, in routing order. */
    public List<Named> stores() {
        return stores;
    }

    public StorageConfig config() {
        return config;
    }

    private Named store(URI uri) {
        for (Named s : stores) {
            if (s.store().serves(uri)) {
                return s;
            }
        }
        throw new DataStoreException("no configured data store serves " + uri + " (stores: "
                + stores.stream().map(s -> s.name() + " " + s.root()).toList() + ")", false);
    }

    private <T> Uni<T> routed(URI uri, String operation, Function<Named, Uni<T>> op) {
        Named s;
        try {
            s = store(uri);
        } catch (DataStoreException e) {
            return Uni.createFrom().failure(e);
        }
        return op.apply(s).onFailure().invoke(f -> errors(s.name(), operation).increment());
    }

    private Counter bytes(String store, String direction) {
        return Counter.builder("kite.data.bytes").tag("store", store).tag("direction", direction)
                .description("Bytes written to (in) and read from (out) the data stores").register(registry);
    }

    private Counter errors(String store, String operation) {
        return Counter.builder("kite.data.errors").tag("store", store).tag("operation", operation)
                .description("Failed data store operations").register(registry);
    }

    @Override
    public boolean serves(URI uri) {
        return stores.stream().anyMatch(s -> s.store().serves(uri));
    }

    @Override
    public Optional<Path> localPath(URI uri) {
        return stores.stream().filter(s -> s.store().serves(uri)).findFirst().flatMap(s -> s.store().localPath(uri));
    }

    private DataStoreException tooLarge(URI target, long size) {
        return new DataStoreException(target + " would take " + size + " bytes, more than kite.storage.max-object-size ("
                + config.maxObjectSize().asLongValue() + ")", false);
    }

    @Override
    public Uni<ObjectInfo> put(URI target, Path file) {
        return routed(target, "put", s -> Uni.createFrom().item(() -> size(file))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(size -> size > config.maxObjectSize().asLongValue() ? Uni.createFrom().failure(tooLarge(target, size))
                        : s.store().put(target, file))
                .invoke(info -> bytes(s.name(), "in").increment(info.size())));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new DataStoreException("cannot read " + file + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public Uni<ObjectInfo> put(URI target, byte[] data) {
        if (data.length > config.maxObjectSize().asLongValue()) {
            return Uni.createFrom().failure(tooLarge(target, data.length));
        }
        return routed(target, "put", s -> s.store().put(target, data).invoke(info -> bytes(s.name(), "in").increment(info.size())));
    }

    @Override
    public Uni<Path> download(URI source, Path target) {
        return routed(source, "get", s -> s.store().download(source, target)
                .invoke(p -> bytes(s.name(), "out").increment(p.toFile().length())));
    }

    @Override
    public Uni<InputStream> open(URI source) {
        return routed(source, "get", s -> s.store().open(source).map(in -> new CountingInputStream(in, bytes(s.name(), "out"))));
    }

    @Override
    public Uni<byte[]> read(URI source) {
        return routed(source, "get", s -> s.store().read(source).invoke(b -> bytes(s.name(), "out").increment(b.length)));
    }

    @Override
    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return routed(uri, "head", s -> s.store().head(uri));
    }

    @Override
    public Uni<List<ObjectInfo>> list(URI prefix) {
        return routed(prefix, "list", s -> s.store().list(prefix));
    }

    @Override
    public Uni<Void> delete(URI uri) {
        return routed(uri, "delete", s -> s.store().delete(uri));
    }

    @Override
    public Uni<Integer> deletePrefix(URI prefix) {
        return routed(prefix, "delete", s -> s.store().deletePrefix(prefix));
    }

    @Override
    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return routed(uri, "sign", s -> s.store().signedReadUrl(uri, ttl));
    }

    @Override
    public Uni<Optional<URI>> signedWriteUrl(URI uri, Duration ttl) {
        return routed(uri, "sign", s -> StorageConfig.LOCAL.equals(s.name()) ? uploads.sign(uri, ttl)
                : s.store().signedWriteUrl(uri, ttl));
    }
}
