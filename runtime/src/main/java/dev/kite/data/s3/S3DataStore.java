package dev.kite.data.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/**
 * A bucket of S3 or of an S3-compatible server, serving {@code s3://<bucket>/<prefix>...}. Calls
 * are the SDK's synchronous ones, made on the worker pool. Files larger than the part size go up
 * as multipart uploads, one part in memory at a time; a failed multipart upload is aborted, so
 * that no half object and no stray parts stay behind.
 */
public final class S3DataStore implements DataStore {

    /** S3's smallest part (all but the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final String name;
    private final String bucket;
    private final String prefix;
    private final S3Client client;
    private final S3Presigner presigner;
    private final long partSize;
    private volatile boolean multiDelete = true;

    /**
     * @param name      the store's name, for messages
     * @param prefix    a key prefix the store is confined to ("" for the whole bucket)
     * @param presigner signs read and upload URLs; null where the store hands out none
     */
    public S3DataStore(String name, String bucket, String prefix, S3Client client, S3Presigner presigner, long partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("the part size of store " + name + " must be at least 5M (S3's smallest part), not "
                    + partSize + " bytes");
        }
        this.name = name;
        this.bucket = bucket;
        this.prefix = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        this.client = client;
        this.presigner = presigner;
        this.partSize = partSize;
    }

    /** The prefix URI of everything this store serves, {@code s3://bucket/prefix}. */
    public URI rootUri() {
        return uri(prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }

    @Override
    public boolean serves(URI uri) {
        return "s3".equals(uri.getScheme()) && bucket.equals(uri.getHost()) && key(uri).startsWith(prefix);
    }

    @Override
    public Optional<Path> localPath(URI uri) {
        return Optional.empty();
    }

    private String key(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private String servedKey(URI uri) {
        if (!serves(uri)) {
            throw new DataStoreException("store " + name + " does not serve " + uri, false);
        }
        return key(uri);
    }

    private URI uri(String key) {
        try {
            return new URI("s3", bucket, "/" + key, null);
        } catch (URISyntaxException e) {
            throw new DataStoreException("not a valid object key: " + key, false, e);
        }
    }

    @Override
    public Uni<ObjectInfo> put(URI target, Path file) {
        return io("put", target, () -> {
            String key = servedKey(target);
            long size = Files.size(file);
            if (size > partSize) {
                multipart(key, file, size);
            } else {
                client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
            }
            return info(key);
        });
    }

    @Override
    public Uni<ObjectInfo> put(URI target, byte[] bytes) {
        return io("put", target, () -> {
            String key = servedKey(target);
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
            return info(key);
        });
    }

    private void multipart(String key, Path file, long size) throws IOException {
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(partSize, Integer.MAX_VALUE - 8));
            long offset = 0;
            for (int number = 1; offset < size; number++) {
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // fill the part
                }
                buffer.flip();
                int length = buffer.remaining();
                if (length == 0) {
                    throw new IOException("the file " + file + " ended before its size of " + size + " bytes");
                }
                int n = number;
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(n)
                        .contentLength((long) length), RequestBody.fromByteBuffer(buffer)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                offset += length;
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | IOException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public Uni<Path> download(URI source, Path target) {
        return io("get", source, () -> {
            String key = servedKey(source);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(bucket).key(key))) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        });
    }

    @Override
    public Uni<InputStream> open(URI source) {
        return io("get", source, () -> {
            String key = servedKey(source);
            return client.getObject(b -> b.bucket(bucket).key(key));
        });
    }

    @Override
    public Uni<byte[]> read(URI source) {
        return io("get", source, () -> {
            String key = servedKey(source);
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return bytes.asByteArray();
        });
    }

    @Override
    public Uni<Optional<ObjectInfo>> head(URI uri) {
        return io("head", uri, () -> {
            String key = servedKey(uri);
            try {
                return Optional.of(info(key));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.<ObjectInfo>empty();
                }
                throw e;
            }
        });
    }

    private ObjectInfo info(String key) {
        HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key));
        return new ObjectInfo(uri(key), head.contentLength(), head.lastModified());
    }

    @Override
    public Uni<List<ObjectInfo>> list(URI prefixUri) {
        return io("list", prefixUri, () -> {
            String keyPrefix = servedKey(prefixUri);
            List<ObjectInfo> found = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents()) {
                if (!folderMarker(o)) {
                    found.add(new ObjectInfo(uri(o.key()), o.size(), o.lastModified()));
                }
            }
            return found;
        });
    }

    @Override
    public Uni<Void> delete(URI uri) {
        return io("delete", uri, () -> {
            String key = servedKey(uri);
            client.deleteObject(b -> b.bucket(bucket).key(key));
            return null;
        });
    }

    @Override
    public Uni<Integer> deletePrefix(URI prefixUri) {
        return io("delete", prefixUri, () -> {
            String keyPrefix = servedKey(prefixUri);
            int deleted = 0;
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents()) {
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                deleted += folderMarker(o) ? 0 : 1;
                if (batch.size() == 1000) {
                    deleteAll(batch);
                }
            }
            deleteAll(batch);
            return deleted;
        });
    }

    /** A key ending in '/': a folder as some servers and consoles show them, not an object. */
    private static boolean folderMarker(S3Object o) {
        return o.key().endsWith("/");
    }

    private void deleteAll(List<ObjectIdentifier> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> keys = List.copyOf(batch);
        batch.clear();
        if (multiDelete) {
            try {
                var response = client.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    var first = response.errors().get(0);
                    throw new DataStoreException("store " + name + " could not delete " + response.errors().size() + " of "
                            + keys.size() + " objects, e.g. " + first.key() + ": " + first.code() + " " + first.message(), true);
                }
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw e;
                }
                multiDelete = false; // a server without multi-object delete: one request per object from now on
            }
        }
        for (ObjectIdentifier k : keys) {
            client.deleteObject(b -> b.bucket(bucket).key(k.key()));
        }
    }

    @Override
    public Uni<Optional<URI>> signedReadUrl(URI uri, Duration ttl) {
        return signed(uri, key -> presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(bucket).key(key))).url());
    }

    @Override
    public Uni<Optional<URI>> signedWriteUrl(URI uri, Duration ttl) {
        return signed(uri, key -> presigner.presignPutObject(b -> b.signatureDuration(ttl)
                .putObjectRequest(p -> p.bucket(bucket).key(key))).url());
    }

    /** A presigned URL of the object's key, or empty for a store without a presigner. */
    private Uni<Optional<URI>> signed(URI uri, java.util.function.Function<String, java.net.URL> sign) {
        if (presigner == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return io("sign", uri, () -> Optional.of(sign.apply(servedKey(uri)).toURI()));
    }

    private <T> Uni<T> io(String operation, URI uri, Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (DataStoreException e) {
                throw e;
            } catch (S3Exception e) {
                throw failure(operation, uri, e);
            } catch (SdkClientException | IOException e) {
                throw new DataStoreException("store " + name + ": " + operation + " " + uri + " failed: " + e.getMessage(), true, e);
            } catch (Exception e) {
                throw new DataStoreException("store " + name + ": " + operation + " " + uri + " failed: " + e, false, e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private DataStoreException failure(String operation, URI uri, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String what = code == null ? "HTTP " + status : code + " (HTTP " + status + ")";
        if (status == 404) {
            return new DataStoreException("no object at " + uri + " (store " + name + ": " + what + ")", false, e);
        }
        if (status == 403 || status == 401) {
            return new DataStoreException("store " + name + " may not " + operation + " " + uri + ": " + what
                    + "; check the store's credentials and the bucket's policy", false, e);
        }
        boolean passing = status >= 500 || status == 429 || e.isThrottlingException() || e.retryable();
        return new DataStoreException("store " + name + ": " + operation + " " + uri + " failed: " + what, passing, e);
    }
}
