package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * Inputs full of quotes, braces, {@code &}, {@code #}, slashes, newlines and unicode land in the
 * path, the query, a header and the JSON body exactly as given: the server receives the values,
 * never a different request.
 */
@QuarkusTest
class HostileValuesCannotBreakTheRequestTest {

    static final String HOSTILE = "a\"b'c}{d&e=f#g/h/../i?j+k%20l\nm\r\nn\tü😀{{.inputs.n}}\\";
    static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> TestServer.Reply.json(200, "{\"ok\": true}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String task(String p, String name, String header) {
        return """
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "http",
                 "interface": {"inputs": {"s": {"type": "string"}, "h": {"type": "string"}, "n": {"type": "integer"},
                                          "list": {"type": {"collection": "string"}}}},
                 "config": {"method": "POST", "url": "%s",
                            "query": {"q": "{{.inputs.s}}", "&evil=1": "x"},
                            "headers": {"X-Note": "%s"},
                            "body": {"s": "{{.inputs.s}}", "text": "say {{.inputs.s}}!", "n": "{{.inputs.n}}",
                                     "list": "{{.inputs.list}}", "literal": "{{\\"{{\\"}}.inputs.s}}"}}}
                """.formatted(p, name, server.url("/items/{{.inputs.s}}/x?raw={{.inputs.s}}"), header);
    }

    private static String run(String p, String name, String h) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("task").put("project", p).put("domain", "development").put("name", name);
        ObjectNode in = body.putObject("inputs").put("s", HOSTILE).put("h", h).put("n", 7);
        in.putArray("list").add(HOSTILE).add("]");
        return Api.submit(JSON.writeValueAsString(body));
    }

    @Test
    void everyValueArrivesIntact() throws Exception {
        String p = Api.project();
        Api.register(task(p, "hostile", "{{.inputs.h}}"));
        String id = run(p, "hostile", "quote\" brace} ü");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());

        List<TestServer.Received> calls = server.received(r -> r.header("Idempotency-Key").equals("kite-" + id.replace("-", "")));
        assertEquals(1, calls.size());
        TestServer.Received call = calls.get(0);
        String[] segments = call.path().split("/", -1);
        assertEquals(4, segments.length, call.path());
        assertEquals("items", segments[1]);
        assertEquals(HOSTILE, URLDecoder.decode(segments[2], StandardCharsets.UTF_8));
        assertEquals("x", segments[3]);
        assertEquals(List.of(HOSTILE), call.params().getAll("raw"));
        assertEquals(List.of(HOSTILE), call.params().getAll("q"));
        assertEquals(List.of("x"), call.params().getAll("&evil=1"));
        assertEquals(3, call.params().names().size(), call.query());
        assertEquals("quote\" brace} ü", new String(call.header("X-Note").getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));

        JsonNode body = JSON.readTree(call.body());
        assertEquals(HOSTILE, body.get("s").textValue());
        assertEquals("say " + HOSTILE + "!", body.get("text").textValue());
        assertEquals(7, body.get("n").intValue());
        assertEquals(true, body.get("n").isIntegralNumber());
        assertEquals(HOSTILE, body.get("list").get(0).textValue());
        assertEquals("]", body.get("list").get(1).textValue());
        assertEquals("{{.inputs.s}}", body.get("literal").textValue());
        assertEquals(5, body.size());
    }

    @Test
    void aLineBreakCannotSplitAHeader() throws Exception {
        String p = Api.project();
        Api.register(task(p, "split", "{{.inputs.h}}"));
        String id = run(p, "split", "ok\r\nX-Injected: yes");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("USER", e.getString("error.kind"));
        assertEquals("TEMPLATE", e.getString("error.code"));
        assertEquals("a value in config.headers[\"X-Note\"] contains a line break or a control character, which a header cannot hold",
                e.getString("attempts[0].error.message"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals(0, server.received(r -> r.headers().contains("X-Injected")).size());
    }
}
