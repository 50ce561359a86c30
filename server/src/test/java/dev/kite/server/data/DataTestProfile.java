package dev.kite.server.data;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The data tests: S3Proxy as the default store, a low offload threshold and inline limit (so
 * that values of a few hundred kilobytes show both), and a retention of a millisecond for the
 * data of project {@value DataTasks#RETAINED} and for the records of {@value DataTasks#FORGOTTEN}.
 */
public class DataTestProfile implements QuarkusTestProfile {

    static final int THRESHOLD = 64 * 1024;
    static final int INLINE_LIMIT = 256 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kite.storage.offload.threshold", String.valueOf(THRESHOLD),
                "kite.storage.offload.inline-limit", String.valueOf(INLINE_LIMIT),
                "kite.storage.scopes.\"" + DataTasks.RETAINED + "\".retention", "PT0.001S",
                "kite.storage.scopes.\"" + DataTasks.FORGOTTEN + "\".history-retention", "PT0.001S",
                "kite.storage.retention-sweep-interval", "PT10H");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3Servers.class));
    }
}
