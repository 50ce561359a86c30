package dev.kite.plugin.batch;

import static dev.kite.plugin.batch.BatchFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/** A FAILED job becomes a typed error: infrastructure is SYSTEM and retried, the task's own fault is USER. */
class BatchFailureClassesTest {

    static final TaskTemplate TASK = BatchFixture.task("{'jobDefinition': 'worker'}", "{}");

    static BatchFixture fx;
    static BatchJobPlugin plugin;

    @BeforeAll
    static void start() throws Exception {
        fx = new BatchFixture();
        plugin = fx.plugin();
    }

    @AfterAll
    static void stop() {
        plugin.close();
        fx.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "spot|Host EC2 (instance i-0abc) terminated.|-|-|SYSTEM|true|HOST_TERMINATED",
        "oom-error|Essential container in task exited|137|OutOfMemoryError: Container killed due to memory usage|SYSTEM|true|OUT_OF_MEMORY",
        "pull-transient|CannotPullContainerError: failed to copy: httpReadSeeker: failed open: unexpected status code 503|-|-|SYSTEM|true|IMAGE_PULL_FAILED",
        "pull-missing|CannotPullContainerError: pull image manifest has been retried 1 time(s): ref docker.io/acme/nope:1 not found|-|-|USER|false|IMAGE_NOT_FOUND",
        "user-exit|Essential container in task exited|3|-|USER|true|EXIT_3",
    })
    void failuresAreClassified(String label, String statusReason, Integer exit, String containerReason, ErrorKind kind,
            boolean recoverable, String code) {
        String name = "kite-fail-" + label;
        ObjectNode failed = FakeBatch.failed(statusReason, exit, containerReason);
        fx.fake.script(name, FakeBatch.step("RUNNING"), failed);
        var a = fx.attempt(TASK, "{}", name);
        BatchHandle h = plugin.submit(a).await().indefinitely();
        assertEquals(TaskStatus.Phase.RUNNING, await(plugin.poll(a, h)).phase());
        TaskStatus s = await(plugin.poll(a, h));
        assertEquals(TaskStatus.Phase.FAILED, s.phase());
        TaskError e = s.error();
        assertEquals(kind + " " + recoverable + " " + code, e.kind() + " " + e.recoverable() + " " + e.code(), e.message());
        assertTrue(e.message().contains(h.jobId()), e.message());
    }
}
