package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * Private, loopback and link-local addresses are not called unless kite.http.allowed-networks
 * allows them (the test profile allows 127.0.0.1, not 127.0.0.2): such a call fails at once as a
 * USER error that says why and how to allow it, and nothing reaches the server. A host name in
 * kite.http.allowed-hosts (the test profile lists localhost) is called whatever it resolves to.
 */
@QuarkusTest
class BlockedHostsAreRejectedTest {

    static TestServer server;
    static TestServer named;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.2");
        server.handle(r -> TestServer.Reply.json(200, "{}"));
        named = TestServer.start("127.0.0.1");
        named.handle(r -> TestServer.Reply.json(200, "{}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        named.close();
    }

    private static JsonPath call(String p, String name, String url) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "http", "metadata": {"retries": 2}, "config": {"url": "%s"}}
                """.formatted(p, name, url));
        return Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": {}}
                """.formatted(p, name)));
    }

    @Test
    void aLoopbackAddressThatIsNotAllowedIsRejected() {
        String p = Api.project();
        JsonPath e = call(p, "loopback", server.url("/admin"));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("USER", e.getString("error.kind"));
        assertFalse(e.getBoolean("error.recoverable"));
        assertEquals("HTTP_BLOCKED_HOST", e.getString("error.code"));
        assertEquals("GET " + server.url("/admin") + ": host 127.0.0.2 resolves to 127.0.0.2, a loopback address;"
                + " Kite calls such addresses only when kite.http.allowed-networks or kite.http.allowed-hosts allows them",
                e.getString("attempts[0].error.message"));
        assertEquals(0, server.received().size(), "nothing reached the server");
    }

    /** Before: 6to4 and Teredo addresses were judged as public IPv6 and called. */
    @Test
    void ipv6AddressesEmbeddingALoopbackAddressAreRejected() {
        String p = Api.project();
        for (String host : java.util.List.of("[2002:7f00:1::1]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[64:ff9b::7f00:1]")) {
            JsonPath e = call(p, "v6-" + Integer.toHexString(host.hashCode()), "http://" + host + ":9/");
            assertEquals("HTTP_BLOCKED_HOST", e.getString("error.code"), host + ": " + e.prettify());
            assertTrue(e.getString("error.message").contains("loopback"), e.getString("error.message"));
            assertEquals(1, e.getList("attempts").size(), host);
        }
    }

    @Test
    void privateAndLinkLocalAddressesAreRejected() {
        String p = Api.project();
        JsonPath metadata = call(p, "metadata", "http://169.254.169.254/latest/meta-data/");
        assertEquals("HTTP_BLOCKED_HOST", metadata.getString("error.code"));
        assertTrue(metadata.getString("error.message").contains("a link-local address"), metadata.getString("error.message"));
        JsonPath internal = call(p, "internal", "http://10.20.30.40:8080/");
        assertEquals("HTTP_BLOCKED_HOST", internal.getString("error.code"));
        assertTrue(internal.getString("error.message").contains("a private address"), internal.getString("error.message"));
        JsonPath v6 = call(p, "v6", "http://[::1]:9/");
        assertEquals("HTTP_BLOCKED_HOST", v6.getString("error.code"));
    }

    @Test
    void anAllowedHostNameIsCalledWhateverItResolvesTo() {
        String p = Api.project();
        String url = named.url("/hello").replace("127.0.0.1", "localhost");
        JsonPath e = call(p, "named", url);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(1, named.received().size());
        assertEquals("localhost:" + url.split(":")[2].split("/")[0], named.received().get(0).header("Host"));
    }
}
