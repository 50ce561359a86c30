package dev.kite.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.kite.model.TaskId;
import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.LocalDataStore;
import dev.kite.spi.data.RawOutputs;

/**
 * The data store of test contexts: Kite's own local filesystem store under a folder (a fresh
 * temporary folder unless a test names one), with raw output prefixes laid out as the engine lays
 * them out.
 *
 * @param root  the folder
 * @param store the store over it
 * @param view  the store as contexts see it: {@code store}, or with upload URLs ({@link #withUploads})
 */
public record TestDataStore(Path root, LocalDataStore store, DataStore view) {

    public TestDataStore(Path root, LocalDataStore store) {
        this(root, store, store);
    }

    /** A store over {@code root}. */
    public static TestDataStore at(Path root) {
        return new TestDataStore(root, new LocalDataStore(root));
    }

    /**
     * The same store handing out upload URLs ({@code DataStore.signedWriteUrl}), served by a small
     * HTTP server on 127.0.0.1 as Kite serves them: for remote work that hands its files back.
     */
    public TestDataStore withUploads() {
        return new TestDataStore(root, store, UploadingStore.over(store));
    }

    /** A store over a new temporary folder. */
    public static TestDataStore temporary() {
        try {
            return at(Files.createTempDirectory("kite-testkit-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw output prefix of one attempt. */
    public URI rawOutputPrefix(TaskId task, UUID execution, int attempt) {
        return RawOutputs.prefix(store.rootUri(), task, execution, attempt);
    }
}
