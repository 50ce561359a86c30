package dev.kite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.kite.spi.data.LocalDataStore;
import org.junit.jupiter.api.io.TempDir;

import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/** The local filesystem store on a real folder: round trips, prefixes, deletion, concurrent writers. */
class LocalDataStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private LocalDataStore store() {
        return new LocalDataStore(root);
    }

    private URI at(String key) {
        return store().rootUri().resolve(key);
    }

    @Test
    void bytesAndFilesComeBackAsWritten() throws Exception {
        LocalDataStore store = store();
        byte[] data = "hello, kite".getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = store.put(at("a/b/hello.txt"), data).await().atMost(WAIT);
        assertEquals(data.length, info.size());
        assertArrayEquals(data, store.read(at("a/b/hello.txt")).await().atMost(WAIT));
        try (InputStream in = store.open(at("a/b/hello.txt")).await().atMost(WAIT)) {
            assertArrayEquals(data, in.readAllBytes());
        }

        Path source = Files.write(root.resolveSibling(root.getFileName() + "-src.bin"), new byte[300_000]);
        store.put(at("big/file.bin"), source).await().atMost(WAIT);
        Path copy = store.download(at("big/file.bin"), root.resolveSibling(root.getFileName() + "-out/copy.bin")).await().atMost(WAIT);
        assertEquals(300_000, Files.size(copy));
        assertEquals(300_000, store.head(at("big/file.bin")).await().atMost(WAIT).orElseThrow().size());
        assertTrue(store.head(at("big/missing.bin")).await().atMost(WAIT).isEmpty());
        assertEquals(Set.of(root.resolve("big/file.bin")), Set.of(store.localPath(at("big/file.bin")).orElseThrow()));
    }

    @Test
    void listingIsRecursiveInKeyOrderAndStaysInsideThePrefix() {
        LocalDataStore store = store();
        for (String key : List.of("p/2.txt", "p/1.txt", "p/sub/3.txt", "q/4.txt")) {
            store.put(at(key), key.getBytes(StandardCharsets.UTF_8)).await().atMost(WAIT);
        }
        List<String> listed = store.list(at("p/")).await().atMost(WAIT).stream()
                .map(o -> store.rootUri().relativize(o.uri()).toString()).toList();
        assertEquals(List.of("p/1.txt", "p/2.txt", "p/sub/3.txt"), listed);
        assertTrue(store.list(at("nothing/")).await().atMost(WAIT).isEmpty());
    }

    @Test
    void deletionRemovesOneObjectOrAPrefix() {
        LocalDataStore store = store();
        for (String key : List.of("d/1", "d/2", "d/x/3", "keep/4")) {
            store.put(at(key), new byte[] {1}).await().atMost(WAIT);
        }
        store.delete(at("d/1")).await().atMost(WAIT);
        store.delete(at("d/1")).await().atMost(WAIT); // deleting what is not there is no error
        assertTrue(store.head(at("d/1")).await().atMost(WAIT).isEmpty());
        assertEquals(2, store.deletePrefix(at("d/")).await().atMost(WAIT));
        assertTrue(store.list(at("d/")).await().atMost(WAIT).isEmpty());
        assertTrue(store.head(at("keep/4")).await().atMost(WAIT).isPresent());
    }

    @Test
    void theRootIsOnePrefixWhetherTheFolderExistsOrNot() {
        assertEquals(root.toUri().toString(), store().rootUri().toString(), "an existing folder");
        LocalDataStore later = new LocalDataStore(root.resolve("not-yet"));
        assertEquals(root.toUri() + "not-yet/", later.rootUri().toString(), "a folder created later");
        assertTrue(later.serves(later.rootUri().resolve("raw/x")));
    }

    @Test
    void aUriOutsideTheRootIsRefused() {
        LocalDataStore store = store();
        URI outside = root.resolveSibling("elsewhere.txt").toUri();
        assertFalse(store.serves(outside));
        assertFalse(store.serves(URI.create(store.rootUri() + "a/../../escape.txt")));
        DataStoreException e = assertThrows(DataStoreException.class, () -> store.read(outside).await().atMost(WAIT));
        assertFalse(e.transientFailure());
        DataStoreException missing = assertThrows(DataStoreException.class, () -> store.read(at("none")).await().atMost(WAIT));
        assertTrue(missing.getMessage().contains("no object at"), missing.getMessage());
    }

    @Test
    void concurrentWritersOfOneObjectLeaveOneWholeVersion() throws Exception {
        LocalDataStore store = store();
        int writers = 8;
        int size = 256 * 1024;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                byte[] content = new byte[size];
                Arrays.fill(content, (byte) ('a' + w));
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        store.put(at("shared/object.bin"), content).await().atMost(WAIT);
                        store.put(at("own/" + content[0] + "/" + i), content).await().atMost(WAIT);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] result = store.read(at("shared/object.bin")).await().atMost(WAIT);
        assertEquals(size, result.length);
        Set<Byte> distinct = new java.util.HashSet<>();
        for (byte b : result) {
            distinct.add(b);
        }
        assertEquals(1, distinct.size(), "one writer's whole version, not a mix: " + distinct);
        assertEquals(writers * 5, store.list(at("own/")).await().atMost(WAIT).size());
        List<String> leftovers;
        try (var files = Files.walk(root)) {
            leftovers = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).collect(Collectors.toList());
        }
        assertEquals(List.of(), leftovers, "no temporary files stay behind");
    }
}
