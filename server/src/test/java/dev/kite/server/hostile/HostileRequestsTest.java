package dev.kite.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.kite.server.Api;

/**
 * Hostile requests against every endpoint of the REST API, table-driven: each row is a request as
 * sent on the wire and the status it must get. Every answer must be that status, an RFC 9457
 * problem document (with the named field among its errors when the row names one), never a 5xx,
 * and must not leak Kite's internals (class names, parser settings).
 *
 * <p>Two tables: {@link #ENDPOINTS}, from which the generic attacks (NUL, control characters,
 * broken percent-encoding, ill-formed UTF-8 in every path and query parameter; non-JSON bodies; an
 * over-long target; huge headers) are generated for each endpoint — <b>add every new endpoint
 * there</b>, {@link #everyEndpointOfTheApiIsInTheTable} fails until it is listed — and
 * {@link #specificCases()}, the attacks on particular fields.
 *
 * <p>Before the hardening of issue 12, rows failed as follows: NUL in a path or query parameter
 * was a 500 (PostgreSQL 22021) on six endpoints, and a NUL in an execution name a 500 after ~48 s
 * of retries; lone surrogates in an execution name were stored as '?' (a 409 for the third of
 * "x\ud800", "x\udfff", "x?"); text/plain and form bodies were accepted (201/202); names of only
 * spaces or with U+202E were accepted; 414, 431 and a malformed percent-encoding were empty
 * answers, not problem documents; unknown config fields named dev.kite.spi.NoConfig, and deep
 * nesting named Jackson's StreamReadConstraints; http:///x, a CR/LF header value and
 * tls.caPath=/etc/shadow were registered (201) and 0177.0.0.1 was accepted as a host.
 */
@QuarkusTest
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What no answer may contain: Java class and package names, parser internals. */
    private static final Pattern INTERNALS = Pattern.compile(
            "dev\\.kite\\.|com\\.fasterxml|io\\.vertx|java\\.lang|Exception|StreamReadConstraints|NoConfig|HttpCallConfig"
            + "|Feature '|_TOKENS|@Produces|target resource method");
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    /** The project the rows run against ({@code $P} in a row), with a registered echo task {@code greet}. */
    private static String project;

    /**
     * One endpoint: method, path template with its parameters in braces, its query parameters,
     * and whether it takes a JSON body.
     */
    record Endpoint(String method, String path, List<String> query, boolean body) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/v1/projects", List.of(), true),
            new Endpoint("GET", "/api/v1/projects", List.of(), false),
            new Endpoint("GET", "/api/v1/projects/{id}", List.of(), false),
            new Endpoint("POST", "/api/v1/tasks", List.of(), true),
            new Endpoint("GET", "/api/v1/tasks", List.of("project", "domain", "cursor", "limit"), false),
            new Endpoint("GET", "/api/v1/tasks/{project}/{domain}/{name}", List.of("cursor", "limit"), false),
            new Endpoint("GET", "/api/v1/tasks/{project}/{domain}/{name}/{version}", List.of(), false),
            new Endpoint("POST", "/api/v1/executions", List.of("wait"), true),
            new Endpoint("GET", "/api/v1/executions", List.of("project", "domain", "name", "phase", "cursor", "limit"), false),
            new Endpoint("GET", "/api/v1/executions/{id}", List.of("wait"), false),
            new Endpoint("POST", "/api/v1/executions/{id}/abort", List.of(), false),
            new Endpoint("GET", "/api/v1/executions/{id}/events", List.of("follow"), false),
            new Endpoint("GET", "/api/v1/executions/stream", List.of("project", "domain"), false),
            new Endpoint("GET", "/api/v1/executions/{id}/nodes", List.of("cursor", "limit"), false),
            new Endpoint("GET", "/api/v1/executions/{id}/attempts/{n}/logs", List.of("follow", "tailLines"), false),
            new Endpoint("DELETE", "/api/v1/cache/{project}/{domain}/{name}", List.of("cacheVersion"), false),
            new Endpoint("DELETE", "/api/v1/cache/keys/{key}", List.of(), false),
            new Endpoint("GET", "/api/v1/plugins", List.of(), false),
            new Endpoint("GET", "/api/v1/executions/{id}/data/{kind}/{name}", List.of(), false),
            new Endpoint("POST", "/api/v1/keys", List.of(), true),
            new Endpoint("GET", "/api/v1/keys", List.of(), false),
            new Endpoint("DELETE", "/api/v1/keys/{id}", List.of(), false),
            new Endpoint("GET", "/api/v1/audit", List.of("project", "action", "cursor", "limit"), false),
            new Endpoint("GET", "/api/v1/whoami", List.of(), false));

    /** A benign value of each parameter, so that a row spoils exactly one. */
    private static final Map<String, String> BENIGN = Map.of("id", "00000000-0000-0000-0000-000000000001",
            "project", "$P", "domain", "development", "name", "greet", "version", "v1", "n", "1", "key", "abc", "kind", "outputs");

    /**
     * One request and what it must get.
     *
     * @param path the field or parameter the problem must name among its errors, or null
     * @param says text the answer must contain, or null
     */
    record Case(String method, String target, Map<String, String> headers, String body, int status, String path, String says) {
    }

    @BeforeEach
    void project() {
        if (project == null) {
            project = Api.project();
            Api.register("""
                    {"id": {"project": "%s", "domain": "development", "name": "greet", "version": "v1"}, "type": "echo",
                     "interface": {"inputs": {"text": {"type": "string"}}, "outputs": {"text": {"type": "string"}}},
                     "config": {"prefix": "> "}}""".formatted(project));
            Api.register("""
                    {"id": {"project": "%s", "domain": "development", "name": "shape", "version": "v1"}, "type": "echo",
                     "interface": {"inputs": {"s": {"type": "struct"}}, "outputs": {"s": {"type": "struct"}}}}""".formatted(project));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"generatedCases", "specificCases"})
    void answeredWithTheExpectedProblem(Case c) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        c.headers().forEach((k, v) -> headers.put(k, v.replace("$P", project)));
        RawHttp.Reply r = RawHttp.send(RestAssured.port, c.method(), c.target().replace("$P", project), headers,
                c.body() == null ? null : c.body().replace("$P", project), 15_000);
        String what = c.method() + " " + abbreviated(c.target()) + " → " + r.status() + " " + r.body();
        assertTrue(r.status() < 500, "a 5xx: " + what);
        assertEquals(c.status(), r.status(), what);
        String type = r.header("content-type");
        assertTrue(type != null && type.startsWith("application/problem+json"), "content type " + type + " of " + what);
        JsonNode problem = JSON.readTree(r.body());
        assertEquals(c.status(), problem.path("status").asInt(), what);
        assertEquals("about:blank", problem.path("type").asText(), what);
        assertFalse(problem.path("title").asText().isBlank(), what);
        Matcher leak = INTERNALS.matcher(r.body());
        assertFalse(leak.find(), "the answer names Kite's internals (" + (leak.hitEnd() ? "" : leak.group()) + "): " + what);
        if (c.path() != null) {
            List<String> paths = new ArrayList<>();
            problem.path("errors").forEach(e -> paths.add(e.path("path").asText()));
            assertTrue(paths.contains(c.path()), "no error at '" + c.path() + "' in " + what);
        }
        if (c.says() != null) {
            assertTrue(r.body().contains(c.says()), "'" + c.says() + "' not in " + what);
        }
        if (c.status() == 503) {
            assertNotNull(r.header("retry-after"), what);
        }
    }

    /** A target in absolute form (RFC 9112 allows it) gets the checks of /api as a path does. */
    @Test
    void anAbsoluteFormTargetIsCheckedAsItsPath() throws IOException {
        String base = "http://127.0.0.1:" + RestAssured.port;
        RawHttp.Reply longTarget = RawHttp.send(RestAssured.port, "GET", base + "/api/v1/projects?pad=" + "x".repeat(10_000),
                Map.of(), null, 15_000);
        assertEquals(414, longTarget.status(), longTarget.body());
        RawHttp.Reply badUtf8 = RawHttp.send(RestAssured.port, "GET", base + "/api/v1/projects/x%ED%A0%80", Map.of(), null, 15_000);
        assertEquals(400, badUtf8.status(), badUtf8.body());
        assertTrue(badUtf8.header("content-type").startsWith("application/problem+json"), badUtf8.body());
    }

    /** The table grows with the API: an endpoint missing from {@link #ENDPOINTS} fails here. */
    @Test
    void everyEndpointOfTheApiIsInTheTable() throws IOException {
        JsonNode openapi = JSON.readTree(RestAssured.given().accept("application/json").get("/q/openapi?format=json").asString());
        Set<String> served = new TreeSet<>();
        openapi.path("paths").properties().forEach(path -> {
            if (path.getKey().startsWith("/api/")) {
                path.getValue().fieldNames().forEachRemaining(m -> {
                    if (List.of("get", "post", "put", "patch", "delete").contains(m)) {
                        served.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                });
            }
        });
        Set<String> listed = new TreeSet<>();
        ENDPOINTS.forEach(e -> listed.add(e.method() + " " + e.path()));
        assertEquals(served, listed, "HostileRequestsTest.ENDPOINTS must list every endpoint of the API");
    }

    /** The generic attacks, for every endpoint of {@link #ENDPOINTS}. */
    static Stream<Arguments> generatedCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            List<String> params = new ArrayList<>();
            Matcher m = PARAM.matcher(e.path());
            while (m.find()) {
                params.add(m.group(1));
            }
            String required = e.query().contains("project") ? "?project=$P" : "";
            for (String p : params) {
                cases.add(row(e, "NUL in path parameter " + p, target(e, p, "a%00b") + required, 400, p, "U+0000"));
                cases.add(row(e, "line feed in path parameter " + p, target(e, p, "a%0Ab") + required, 400, p, "U+000A"));
                cases.add(row(e, "malformed percent-encoding in path parameter " + p, target(e, p, "a%zz") + required,
                        400, null, "percent-encoding"));
                cases.add(row(e, "an encoded surrogate (not UTF-8) in path parameter " + p, target(e, p, "x%ED%A0%80") + required,
                        400, null, "UTF-8"));
            }
            String base = target(e, null, null);
            for (String q : e.query()) {
                String others = q.equals("project") || required.isEmpty() ? "?" : required + "&";
                cases.add(row(e, "NUL in query parameter " + q, base + others + q + "=a%00", 400, q, "U+0000"));
                cases.add(row(e, "overlong UTF-8 in query parameter " + q, base + others + q + "=%C0%AF", 400, q, "UTF-8"));
                cases.add(row(e, "a lone % in query parameter " + q, base + others + q + "=50%", 400, q, "percent-encoding"));
            }
            cases.add(row(e, "a request target of 10,000 characters", base + "?pad=" + "x".repeat(10_000), 414, null, "8192"));
            cases.add(Arguments.of(Named.of(e.method() + " " + e.path() + ": headers of 20,000 bytes",
                    new Case(e.method(), base, Map.of("X-Pad", "y".repeat(20_000)), null, 431, null, "16384"))));
            if (e.body()) {
                for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/xml")) {
                    cases.add(Arguments.of(Named.of(e.method() + " " + e.path() + ": a JSON body sent as " + type,
                            new Case(e.method(), base, Map.of("Content-Type", type), "{\"id\": \"csrf\"}", 415, null, type))));
                }
                cases.add(Arguments.of(Named.of(e.method() + " " + e.path() + ": a body without Content-Type",
                        new Case(e.method(), base, Map.of(), "{\"id\": \"csrf\"}", 415, null, "application/json"))));
                cases.add(json(e.method() + " " + e.path() + ": a key with U+0000", e.path(), "{\"a\\u0000\": 1}", 400, null, "U+0000"));
                cases.add(json(e.method() + " " + e.path() + ": JSON nested 5,000 deep", e.path(),
                        "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}", 400, "", "nested deeper than"));
            }
        }
        return cases.stream();
    }

    /** Attacks on particular fields. */
    static Stream<Arguments> specificCases() {
        String task = "\"task\": {\"project\": \"$P\", \"domain\": \"development\", \"name\": \"greet\"}";
        String inputs = "\"inputs\": {\"text\": \"hi\"}";
        return Stream.of(
                Arguments.of(Named.of("a Last-Event-ID that is not an event id", new Case("GET",
                        "/api/v1/executions/" + BENIGN.get("id") + "/events?follow=true", Map.of("Last-Event-ID", "-1"), null, 400,
                        "Last-Event-ID", "Last-Event-ID"))),
                Arguments.of(Named.of("a Last-Event-ID far beyond an int", new Case("GET",
                        "/api/v1/executions/" + BENIGN.get("id") + "/events?follow=true", Map.of("Last-Event-ID", "9".repeat(40)), null,
                        400, "Last-Event-ID", "Last-Event-ID"))),
                Arguments.of(Named.of("the project stream without a project", new Case("GET", "/api/v1/executions/stream", Map.of(),
                        null, 400, "project", "required"))),
                Arguments.of(Named.of("the stream of an execution that does not exist", new Case("GET",
                        "/api/v1/executions/" + BENIGN.get("id") + "/events?follow=true", Map.of(), null, 404, null, "no execution"))),
                Arguments.of(Named.of("submit-and-wait with a wait that is no duration", new Case("POST",
                        "/api/v1/executions?wait=1e400s", Map.of("Content-Type", "application/json"),
                        "{" + task + ", " + inputs + "}", 400, "wait", "duration"))),
                json("execution name with U+0000 (answered at once, not after retries)", "/api/v1/executions",
                        "{" + task + ", " + inputs + ", \"name\": \"run\\u0000\"}", 400, "name", "U+0000"),
                json("execution name with an unpaired high surrogate", "/api/v1/executions",
                        "{" + task + ", " + inputs + ", \"name\": \"x\\ud800\"}", 400, "name", "surrogate"),
                json("execution name with an unpaired low surrogate", "/api/v1/executions",
                        "{" + task + ", " + inputs + ", \"name\": \"x\\udfff\"}", 400, "name", "surrogate"),
                json("execution name of spaces only", "/api/v1/executions",
                        "{" + task + ", " + inputs + ", \"name\": \"   \"}", 400, "name", "white space"),
                json("execution name with U+202E", "/api/v1/executions",
                        "{" + task + ", " + inputs + ", \"name\": \"report\\u202etxt.exe\"}", 400, "name", "U+202E"),
                json("input with U+0000", "/api/v1/executions", "{" + task + ", \"inputs\": {\"text\": \"a\\u0000\"}}",
                        400, "inputs.text", "U+0000"),
                json("task name of spaces only", "/api/v1/tasks", echo("\\u00a0 \\u3000"), 400, "id.name", "white space"),
                json("task name with U+2066", "/api/v1/tasks", echo("a\\u2066b"), 400, "id.name", "U+2066"),
                json("task name with a trailing space", "/api/v1/tasks", echo("greet "), 400, "id.name", "white space"),
                json("config field a type without config does not take", "/api/v1/tasks", """
                        {"id": {"project": "$P", "domain": "development", "name": "s", "version": "v1"}, "type": "scripted",
                         "interface": {"inputs": {"script": {"type": {"collection": "string"}}}}, "config": {"x": 1}}""",
                        400, "config.x", "known fields: none"),
                json("unknown http config field", "/api/v1/tasks", http("\"url\": \"https://example.com\", \"requst\": {}"),
                        400, "config.requst", "known fields: body, headers"),
                json("http config field of the wrong type", "/api/v1/tasks", http("\"url\": \"https://example.com\", \"timeout\": []"),
                        400, "config.timeout", "expected a string"),
                json("http URL without a host", "/api/v1/tasks", http("\"url\": \"http:///x\""), 400, "config.url", "host"),
                json("http URL with user information", "/api/v1/tasks", http("\"url\": \"https://example.com@10.0.0.1/\""),
                        400, "config.url", "user information"),
                json("http URL with an octal IPv4 host", "/api/v1/tasks", http("\"url\": \"http://0177.0.0.1/\""),
                        400, "config.url", "ambiguous IPv4"),
                json("http URL with a one-number IPv4 host", "/api/v1/tasks", http("\"url\": \"http://2130706433:8080/\""),
                        400, "config.url", "ambiguous IPv4"),
                json("http header value with CR/LF", "/api/v1/tasks",
                        http("\"url\": \"https://example.com\", \"headers\": {\"X-A\": \"a\\r\\nX-Injected: 1\"}"),
                        400, "config.headers[\"X-A\"]", "line break"),
                json("http secret header prefix with CR/LF", "/api/v1/tasks",
                        http("\"url\": \"https://example.com\", \"headers\": {\"Authorization\": {\"secret\": \"http-token\","
                                + " \"prefix\": \"Bearer\\n\"}}"), 400, "config.headers.Authorization.prefix", "line break"),
                json("tls.caPath naming a system file", "/api/v1/tasks",
                        http("\"url\": \"https://example.com\", \"tls\": {\"caPath\": \"/etc/shadow\"}"),
                        400, "config.tls.caPath", "kite.http.file-roots"),
                json("tls.caPath escaping the file root with ..", "/api/v1/tasks",
                        http("\"url\": \"https://example.com\", \"tls\": {\"caPath\": \"/tmp/kite-test-trust/../../proc/self/environ\"}"),
                        400, "config.tls.caPath", "'..'"),
                json("a dynamic flag that is not a boolean", "/api/v1/tasks", echo("greet").replace("\"config\"",
                        "\"metadata\": {\"dynamic\": \"yes\"}, \"config\""), 400, "metadata.dynamic", "expected a boolean"),
                row(ENDPOINTS.stream().filter(e -> e.path().endsWith("/nodes")).findFirst().orElseThrow(),
                        "a limit of 0", "/api/v1/executions/00000000-0000-0000-0000-000000000001/nodes?limit=0", 400, "limit",
                        "between 1 and"),
                row(ENDPOINTS.stream().filter(e -> e.path().endsWith("/nodes")).findFirst().orElseThrow(),
                        "a cursor that is not a number", "/api/v1/executions/00000000-0000-0000-0000-000000000001/nodes?cursor=x",
                        400, "cursor", null),
                json("a struct input nested deeper than the writers allow around it (a list of it would fail)",
                        "/api/v1/executions", "{\"task\": {\"project\": \"$P\", \"domain\": \"development\", \"name\": \"shape\"},"
                        + " \"inputs\": {\"s\": " + "{\"a\": ".repeat(900) + "1" + "}".repeat(900) + "}}", 400, "inputs.s",
                        "nested deeper than 512 levels"),
                json("a struct input with two keys equal after NFC (one would be lost)", "/api/v1/executions",
                        "{\"task\": {\"project\": \"$P\", \"domain\": \"development\", \"name\": \"shape\"},"
                        + " \"inputs\": {\"s\": {\"x\": {\"k\\u00e9\": 1, \"ke\\u0301\": 2}}}}", 400, "inputs.s.x[\"ke\u0301\"]", "NFC"),
                json("a task config with two keys equal after NFC", "/api/v1/tasks", echo("nfc").replace("\"config\": {\"prefix\": \"> \"}",
                        "\"config\": {\"prefix\": \"> \", \"\\u00e9\": 1, \"e\\u0301\": 2}"), 400, "config[\"e\u0301\"]", "NFC"),
                json("an API key expiring beyond the year 9999", "/api/v1/keys",
                        "{\"name\": \"far\", \"scopes\": [\"$P:viewer\"], \"expiresAt\": \"+294277-01-01T00:00:00Z\"}", 400,
                        "expiresAt", "RFC 3339"),
                Arguments.of(Named.of("events with a follow that is neither true nor false", new Case("GET",
                        "/api/v1/executions/" + BENIGN.get("id") + "/events?follow=maybe", Map.of(), null, 400, "follow",
                        "true or false"))),
                Arguments.of(Named.of("the event stream with a follow that is neither true nor false", new Case("GET",
                        "/api/v1/executions/" + BENIGN.get("id") + "/events?follow=maybe", Map.of("Accept", "text/event-stream"), null,
                        400, "follow", "true or false"))),
                Arguments.of(Named.of("submit-and-wait with a wait Java reads as a number but the API does not (5d)", new Case("POST",
                        "/api/v1/executions?wait=5d", Map.of("Content-Type", "application/json"),
                        "{" + task + ", " + inputs + "}", 400, "wait", "duration"))),
                Arguments.of(Named.of("submit-and-wait with a hexadecimal wait", new Case("POST",
                        "/api/v1/executions?wait=0x1p2", Map.of("Content-Type", "application/json"),
                        "{" + task + ", " + inputs + "}", 400, "wait", "duration"))),
                Arguments.of(Named.of("a cache eviction with an empty cacheVersion (not every version)", new Case("DELETE",
                        "/api/v1/cache/$P/development/greet?cacheVersion=", Map.of(), null, 400, "cacheVersion", "leave it out"))),
                json("an API key name with a bidirectional control", "/api/v1/keys",
                        "{\"name\": \"a\\u202eb\", \"scopes\": [\"$P:viewer\"]}", 400, "name", "U+202E"),
                json("an API key owner with a leading space", "/api/v1/keys",
                        "{\"name\": \"k\", \"owner\": \"  x\", \"scopes\": [\"$P:viewer\"]}", 400, "owner", "white space"),
                json("a second JSON value after the body", "/api/v1/projects", "{\"id\": \"ok2\"}{}", 400, null, "follows"),
                json("a comment in the body", "/api/v1/projects", "{\"id\": \"ok5\" /* c */}", 400, null, "comment"),
                Arguments.of(Named.of("an Accept no resource answers", new Case("GET", "/api/v1/projects",
                        Map.of("Accept", "application/xml"), null, 406, null, "application/xml"))),
                Arguments.of(Named.of("an encoded dot segment as a task name", new Case("GET", "/api/v1/tasks/$P/development/%2e%2e/v1",
                        Map.of(), null, 400, null, "dot segment"))),
                Arguments.of(Named.of("a doubled slash before api (routed as /api, past the checks of /api)", new Case("GET",
                        "//api/v1/projects", Map.of(), null, 400, null, "empty or a dot segment"))),
                Arguments.of(Named.of("a dot segment inside the path", new Case("GET", "/api/v1/./projects", Map.of(), null, 400, null,
                        "dot segment"))),
                Arguments.of(Named.of("a parent segment that climbs back into api", new Case("GET", "/x/../api/v1/projects", Map.of(),
                        null, 400, null, "dot segment"))),
                json("a project id with U+0000", "/api/v1/projects", "{\"id\": \"a\\u0000\"}", 400, "id", "U+0000"),
                json("a project description with an unpaired surrogate", "/api/v1/projects",
                        "{\"id\": \"sur\", \"description\": \"\\udc00\"}", 400, "description", "surrogate"));
    }

    private static String echo(String name) {
        return """
                {"id": {"project": "$P", "domain": "development", "name": "%s", "version": "v1"}, "type": "echo",
                 "interface": {"inputs": {"text": {"type": "string"}}, "outputs": {"text": {"type": "string"}}},
                 "config": {"prefix": "> "}}""".formatted(name);
    }

    private static String http(String config) {
        return """
                {"id": {"project": "$P", "domain": "development", "name": "h", "version": "v1"}, "type": "http",
                 "interface": {"outputs": {"status": {"type": "integer"}}},
                 "config": {%s, "outputs": {"status": "status"}}}""".formatted(config);
    }

    private static String target(Endpoint e, String spoiled, String value) {
        Matcher m = PARAM.matcher(e.path());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).equals(spoiled) ? value : BENIGN.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Arguments row(Endpoint e, String label, String target, int status, String path, String says) {
        Map<String, String> headers = e.body() ? Map.of("Content-Type", "application/json") : Map.of();
        return Arguments.of(Named.of(e.method() + " " + e.path() + ": " + label,
                new Case(e.method(), target, headers, e.body() ? "{}" : null, status, path, says)));
    }

    private static Arguments json(String label, String path, String body, int status, String field, String says) {
        return Arguments.of(Named.of("POST " + path + ": " + label,
                new Case("POST", path, Map.of("Content-Type", "application/json"), body, status, field, says)));
    }

    private static String abbreviated(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
