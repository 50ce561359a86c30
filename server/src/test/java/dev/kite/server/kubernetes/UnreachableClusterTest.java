package dev.kite.server.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A cluster that cannot be reached is the platform's failure, not the task's: a container task
 * against an API server that accepts connections and never answers ends FAILED with a SYSTEM
 * error after its system retries — within the guards' timeouts, whatever the task's own timeout —
 * instead of TIMED_OUT on the user's budget.
 */
@QuarkusTest
@TestProfile(UnreachableClusterTest.Profile.class)
class UnreachableClusterTest {

    /** Kite pointed at a silent API server, with a short guard timeout. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kite.guards.plugin-timeout", "500ms", "kite.guards.plugin-retries", "1",
                    "kite.retry.system-retries", "2");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentApiServer.class));
        }
    }

    /** Accepts TCP connections and never writes a byte back. */
    public static class SilentApiServer implements QuarkusTestResourceLifecycleManager {
        private ServerSocket socket;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        @Override
        public Map<String, String> start() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-api-server");
            accept.setDaemon(true);
            accept.start();
            return Map.of("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void stop() {
            try {
                socket.close();
                for (Socket s : held) {
                    s.close();
                }
            } catch (IOException e) {
                // gone either way
            }
        }
    }

    private static String task(String project, String name, String timeout) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "container",
                 "metadata": {"timeout": "%s", "retries": 3},
                 "container": {"image": "registry.example/sim:1.0", "command": ["true"]}}
                """.formatted(project, name, timeout));
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": {}}""".formatted(project, name));
    }

    private static void assertSystemFailure(JsonPath e) {
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("SYSTEM", e.getString("error.kind"), e.prettify());
        List<String> budgets = e.getList("attempts.budget");
        assertEquals(List.of("none", "system", "system"), budgets, "two system retries, no user retry: " + e.prettify());
        assertTrue(e.getString("error.message").contains("system retries exhausted"), e.getString("error.message"));
    }

    @Test
    void aLongTaskTimeoutIsNotWaitedFor() {
        // ten minutes of task timeout: ending at all within Api.await's minute means it was not waited for
        assertSystemFailure(Api.await(task(Api.project(), "long", "PT10M")));
    }

    @Test
    void aTaskTimeoutDuringTheSubmissionChargesTheSystem() {
        // the task's timeout (1 s) comes before the guard gives up (2 tries of 500 ms and a backoff)
        JsonPath e = Api.await(task(Api.project(), "short", "PT1S"));
        assertSystemFailure(e);
        assertTrue(e.getString("attempts[0].error.code").equals("SUBMIT_TIMEOUT")
                || e.getString("attempts[0].error.code").equals("PLUGIN_TIMEOUT"), e.prettify());
    }
}
