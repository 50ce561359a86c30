package dev.kite.plugin.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.ObjectInfo;

/** A data store of {@code file:} URIs for plugin tests (the server has the real one). */
final class LocalFiles implements DataStore {

    private final boolean local;

    /** @param local whether {@link #localPath} answers (false: behaves like a remote store) */
    LocalFiles(boolean local) {
        this.local = local;
    }

    public Uni<ObjectInfo> put(URI target, Path file) {
        return Uni.createFrom().item(() -> {
            try {
                Path p = Path.of(target);
                Files.createDirectories(p.getParent());
                Files.copy(file, p, StandardCopyOption.REPLACE_EXISTING);
                return new ObjectInfo(target, Files.size(p), Instant.now());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Uni<ObjectInfo> put(URI target, byte[] bytes) {
        return Uni.createFrom().item(() -> {
            try {
                Path p = Path.of(target);
                Files.createDirectories(p.getParent());
                Files.write(p, bytes);
                return new ObjectInfo(target, bytes.length, Instant.now());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Uni<Path> download(URI source, Path target) {
        return Uni.createFrom().item(() -> {
            try {
                Files.createDirectories(target.getParent());
                Files.copy(Path.of(source), target, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Uni<InputStream> open(URI source) {
        return Uni.createFrom().item(() -> {
            try {
                return Files.newInputStream(Path.of(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Uni<byte[]> read(URI source) {
        return Uni.createFrom().item(() -> {
            try {
                return Files.readAllBytes(Path.of(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return Uni.createFrom().item(() -> {
            Path p = Path.of(uri);
            try {
                return Files.exists(p) ? Optional.of(new ObjectInfo(uri, Files.size(p), Instant.now())) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Uni<List<ObjectInfo>> list(URI prefix) {
        return Uni.createFrom().item(List.of());
    }

    public Uni<Void> delete(URI uri) {
        return Uni.createFrom().voidItem();
    }

    public Uni<Integer> deletePrefix(URI prefix) {
        return Uni.createFrom().item(0);
    }

    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return Uni.createFrom().item(Optional.empty());
    }

    public Optional<Path> localPath(URI uri) {
        return local && "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
    }

    public boolean serves(URI uri) {
        return "file".equals(uri.getScheme());
    }
}
