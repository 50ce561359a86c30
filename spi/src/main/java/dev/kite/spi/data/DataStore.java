package dev.kite.spi.data;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Kite's object store, as plugins and the engine see it: the place where blob and dataset values
 * live. Every attempt gets a raw output location in it ({@link dev.kite.spi.TaskContext#rawOutputPrefix()});
 * a plugin writes files there and returns {@code blob}/{@code dataset} values whose {@code uri}
 * points into it, and reads blob/dataset inputs from it.
 *
 * <p>URIs name objects: {@code file:///var/lib/kite/data/...} for the local filesystem store,
 * {@code s3://bucket/key} for S3 and S3-compatible stores. One {@code DataStore} bean serves every
 * scheme the operator configured; a URI of another scheme fails with {@link DataStoreException}.
 *
 * <p>Every method returns at once; the I/O runs on a worker pool, never on the caller's event loop.
 * A "prefix" is a URI ending in {@code /}, under which objects are listed and deleted.
 */
public interface DataStore {

    /** Uploads a local file to {@code target} (multipart for large files where the backend has it). */
    Uni<ObjectInfo> put(URI target, Path file);

    /** Writes {@code bytes} to {@code target}. */
    Uni<ObjectInfo> put(URI target, byte[] bytes);

    /** Downloads {@code source} to the local file {@code target} (parent folders created), and returns it. */
    Uni<Path> download(URI source, Path target);

    /** Opens {@code source} for reading; the caller closes the stream. Reading it blocks: read off the event loop. */
    Uni<InputStream> open(URI source);

    /** Reads a whole (small) object. */
    Uni<byte[]> read(URI source);

    /** The object's size and time, or empty if there is none at {@code uri}. */
    Uni<Optional<ObjectInfo>> head(URI uri);

    /** The objects under {@code prefix} (recursively), in key order. */
    Uni<List<ObjectInfo>> list(URI prefix);

    /** Deletes one object; deleting what is not there is not an error. */
    Uni<Void> delete(URI uri);

    /** Deletes every object under {@code prefix}; returns how many. */
    Uni<Integer> deletePrefix(URI prefix);

    /**
     * A URL a client can read the object from without Kite's credentials for {@code ttl} (an S3
     * presigned URL), or empty where the backend has none (the local filesystem).
     */
    Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl);

    /**
     * A URL that accepts the bytes of the object {@code uri} with one HTTP {@code PUT} (the body is
     * the object, no other header needed) without Kite's credentials, for {@code ttl}; a PUT again
     * replaces the object. For work that runs where Kite's stores are out of reach (a pod) and hands
     * its files back itself. An S3 presigned PUT URL; for the local store, Kite's own upload
     * endpoint when {@code kite.storage.uploads.url} says where pods reach Kite; empty where the
     * store has none. Hand it only to the work that writes that object: it is a credential.
     */
    default Uni<Optional<URI>> signedWriteUrl(URI uri, Duration ttl) {
        return Uni.createFrom().item(Optional.empty());
    }

    /**
     * The local path behind {@code uri} when the store is the local filesystem, so that a tool that
     * writes files itself (DuckDB's {@code COPY}, Spark, nbconvert) can write in place instead of
     * writing a temporary file and uploading it; empty for remote stores.
     */
    Optional<Path> localPath(URI uri);

    /** Whether this store serves {@code uri}'s scheme (and, for S3, its bucket). */
    boolean serves(URI uri);
}
