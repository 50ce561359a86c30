package dev.kite.plugin.papermill;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/**
 * A real data store on the local filesystem for the plugin's tests ({@code file:} URIs under a
 * temporary folder): the engine's own store lives in the engine, which a plugin's tests may not use.
 */
final class FileStore implements DataStore {

    private final Path root;

    FileStore(Path root) {
        this.root = root;
    }

    /** The URI of a path under the root; a trailing {@code /} (a prefix) is kept. */
    URI uri(String relative) {
        String uri = root.resolve(relative).toUri().toString();
        return URI.create(relative.endsWith("/") && !uri.endsWith("/") ? uri + "/" : uri);
    }

    private Path path(URI uri) {
        if (!serves(uri)) {
            throw new DataStoreException("not served here: " + uri, false);
        }
        return Path.of(uri);
    }

    private static <T> Uni<T> io(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new DataStoreException("no such object: " + e.getFile(), false, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private ObjectInfo info(Path p) throws IOException {
        return new ObjectInfo(p.toUri(), Files.size(p), Files.getLastModifiedTime(p).toInstant());
    }

    @Override
    public Uni<ObjectInfo> put(URI target, Path file) {
        return io(() -> {
            Path t = path(target);
            Files.createDirectories(t.getParent());
            Files.copy(file, t, StandardCopyOption.REPLACE_EXISTING);
            return info(t);
        });
    }

    @Override
    public Uni<ObjectInfo> put(URI target, byte[] bytes) {
        return io(() -> {
            Path t = path(target);
            Files.createDirectories(t.getParent());
            Files.write(t, bytes);
            return info(t);
        });
    }

    @Override
    public Uni<Path> download(URI source, Path target) {
        return io(() -> {
            Files.createDirectories(target.getParent());
            Files.copy(path(source), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        });
    }

    @Override
    public Uni<InputStream> open(URI source) {
        return io(() -> Files.newInputStream(path(source)));
    }

    @Override
    public Uni<byte[]> read(URI source) {
        return io(() -> Files.readAllBytes(path(source)));
    }

    @Override
    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return io(() -> Files.isRegularFile(path(uri)) ? Optional.of(info(path(uri))) : Optional.empty());
    }

    @Override
    public Uni<List<ObjectInfo>> list(URI prefix) {
        return io(() -> {
            Path p = path(prefix);
            if (!Files.isDirectory(p)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(p)) {
                return files.filter(Files::isRegularFile).sorted().map(f -> {
                    try {
                        return info(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            }
        });
    }

    @Override
    public Uni<Void> delete(URI uri) {
        return io(() -> {
            Files.deleteIfExists(path(uri));
            return null;
        });
    }

    @Override
    public Uni<Integer> deletePrefix(URI prefix) {
        throw new UnsupportedOperationException("not needed by the notebook plugin");
    }

    @Override
    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return Uni.createFrom().item(Optional.empty());
    }

    @Override
    public Optional<Path> localPath(URI uri) {
        return serves(uri) ? Optional.of(Path.of(uri)) : Optional.empty();
    }

    @Override
    public boolean serves(URI uri) {
        return "file".equals(uri.getScheme()) && Path.of(uri).startsWith(root);
    }
}
