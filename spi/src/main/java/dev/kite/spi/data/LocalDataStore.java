package dev.kite.spi.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;


/**
 * The local filesystem store: {@code file://} URIs under one root folder. Writes go to a
 * temporary file beside the target and are moved into place, so a reader never sees half an
 * object and concurrent writers of one object leave one whole version. I/O runs on the worker pool.
 */
public final class LocalDataStore implements DataStore {

    private final Path root;

    public LocalDataStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The root as a prefix URI ({@code file:///...root/}). */
    public URI rootUri() {
        // Path.toUri() ends a folder that exists with '/', one that does not yet without
        String uri = root.toUri().toString();
        return URI.create(uri.endsWith("/") ? uri : uri + "/");
    }

    @Override
    public boolean serves(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return false;
        }
        try {
            return Path.of(uri).toAbsolutePath().normalize().startsWith(root);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Optional<Path> localPath(URI uri) {
        return serves(uri) ? Optional.of(path(uri)) : Optional.empty();
    }

    private Path path(URI uri) {
        if (!serves(uri)) {
            throw new DataStoreException("no data store serves " + uri, false);
        }
        return Path.of(uri).toAbsolutePath().normalize();
    }

    @Override
    public Uni<ObjectInfo> put(URI target, Path file) {
        return io(() -> write(target, tmp -> Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING)));
    }

    @Override
    public Uni<ObjectInfo> put(URI target, byte[] bytes) {
        return io(() -> write(target, tmp -> Files.write(tmp, bytes)));
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private ObjectInfo write(URI target, Writer writer) throws IOException {
        Path p = path(target);
        Files.createDirectories(p.getParent());
        Path tmp = p.resolveSibling("." + p.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return info(p);
    }

    @Override
    public Uni<Path> download(URI source, Path target) {
        return io(() -> {
            Path p = existing(source);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        });
    }

    @Override
    public Uni<InputStream> open(URI source) {
        return io(() -> Files.newInputStream(existing(source)));
    }

    @Override
    public Uni<byte[]> read(URI source) {
        return io(() -> Files.readAllBytes(existing(source)));
    }

    private Path existing(URI uri) {
        Path p = path(uri);
        if (!Files.isRegularFile(p)) {
            throw new DataStoreException("no object at " + uri, false);
        }
        return p;
    }

    @Override
    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return io(() -> {
            Path p = path(uri);
            return Files.isRegularFile(p) ? Optional.of(info(p)) : Optional.<ObjectInfo>empty();
        });
    }

    @Override
    public Uni<List<ObjectInfo>> list(URI prefix) {
        return io(() -> {
            Path dir = path(prefix);
            List<ObjectInfo> found = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                return found;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).filter(f -> !partial(f)).sorted()::iterator) {
                    found.add(info(p));
                }
            }
            return found;
        });
    }

    private static boolean partial(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".part");
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
        return io(() -> {
            Path dir = path(prefix);
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            int[] count = {0};
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        if (Files.isRegularFile(p)) {
                            count[0]++;
                        }
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return count[0];
        });
    }

    @Override
    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return Uni.createFrom().item(Optional.empty());
    }

    private static ObjectInfo info(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return new ObjectInfo(p.toUri(), a.size(), a.lastModifiedTime().toInstant());
    }

    private static <T> Uni<T> io(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (DataStoreException e) {
                throw e;
            } catch (NoSuchFileException e) {
                throw new DataStoreException("no object at " + e.getFile(), false, e);
            } catch (IOException | UncheckedIOException e) {
                throw new DataStoreException("local data store: " + e.getMessage(), true, e);
            } catch (Exception e) {
                throw new DataStoreException("local data store: " + e, false, e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
