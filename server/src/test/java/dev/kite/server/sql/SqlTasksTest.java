package dev.kite.server.sql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * sql and dataset-check tasks end to end: registered over REST, run by the engine (its timeouts,
 * aborts, output checks and data store), on the embedded DuckDB and the machine's PostgreSQL.
 */
@QuarkusTest
class SqlTasksTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/kite_wh";

    private static String example(String project) throws Exception {
        try (InputStream in = SqlTasksTest.class.getResourceAsStream("/examples/sales-by-region.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"project\": \"examples\"", "\"project\": \"" + project + "\"");
        }
    }

    @Test
    void theExampleQueryRunsOnTheEmbeddedDuckdb() throws Exception {
        String p = Api.project();
        Api.register(example(p));
        JsonPath e = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "sales-by-region"}, "inputs": {"region": "north", "min_amount": 100}}
                """.formatted(p)));
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(Map.of("orders", 2, "total", 420.25f, "biggest", "o-4"), e.getMap("outputs"));
    }

    @Test
    void invalidSqlTasksAreRejectedAtRegistrationNamingTheField() {
        String p = Api.project();
        given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "bad", "version": "v1"}, "type": "sql",
                 "interface": {"inputs": {"name": {"type": "string"}}},
                 "config": {"warehouse": "nope", "sql": "select * from t where name = '{{.inputs.name}}'"}}
                """.formatted(p)).post("/api/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json");
        JsonPath problem = given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "bad2", "version": "v1"}, "type": "sql",
                 "interface": {"inputs": {"name": {"type": "string"}}},
                 "config": {"sql": "select * from t where name = {{.inputs.nam}}", "output": "everything"}}
                """.formatted(p)).post("/api/v1/tasks").then().statusCode(400).extract().jsonPath();
        assertEquals(List.of("config.sql", "config.output"), problem.getList("errors.path"), problem.prettify());
        assertEquals("line 1, column 30: unknown input 'nam' in {{.inputs.nam}}; known: name", problem.getString("errors[0].message"));
    }

    private static int backends(String marker) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG, "kite_wh", "kite_wh");
                PreparedStatement ps = c.prepareStatement(
                        "select count(*) from pg_stat_activity where query like ? and pid <> pg_backend_pid()")) {
            ps.setString(1, "%" + marker + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String sleeper(String p, String name, String marker, String metadata) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"}, "type": "sql",
                 "config": {"warehouse": "pg", "sql": "/* %s */ select pg_sleep(60)"}, "metadata": %s}
                """.formatted(p, name, marker, metadata));
        return Api.submit("{\"task\": {\"project\": \"" + p + "\", \"domain\": \"development\", \"name\": \"" + name + "\"}}");
    }

    private static void awaitBackend(String marker) throws Exception {
        for (int i = 0; i < 100 && backends(marker) == 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(1, backends(marker), "pg_sleep runs on PostgreSQL");
    }

    /** Polls for at most 3 s (the bound) until no backend runs the query. */
    private static int backendsAfter3s(String marker) throws Exception {
        int left = backends(marker);
        for (int i = 0; i < 30 && left > 0; i++) {
            Thread.sleep(100);
            left = backends(marker);
        }
        return left;
    }

    @Test
    void aTimedOutQueryIsGoneFromPgStatActivityWithin3s() throws Exception {
        String p = Api.project();
        String marker = "kite_timeout_" + UUID.randomUUID().toString().replace("-", "");
        String id = sleeper(p, "sleeps", marker, "{\"timeout\": \"PT2S\"}");
        awaitBackend(marker);
        for (int i = 0; i < 100 && !given().get("/api/v1/executions/" + id).then().extract().path("phase").equals("TIMED_OUT"); i++) {
            Thread.sleep(50);
        }
        JsonPath e = given().get("/api/v1/executions/" + id).then().extract().jsonPath();
        assertEquals("TIMED_OUT", e.getString("phase"), e::prettify);
        assertEquals(0, backendsAfter3s(marker), "the backend is gone within 3 s of the timeout");
    }

    @Test
    void anAbortedQueryIsGoneFromPgStatActivityWithin3s() throws Exception {
        String p = Api.project();
        String marker = "kite_abort_" + UUID.randomUUID().toString().replace("-", "");
        String id = sleeper(p, "sleeps", marker, "{}");
        awaitBackend(marker);
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals(0, backendsAfter3s(marker), "the backend is gone within 3 s of the abort");
        assertEquals("ABORTED", given().get("/api/v1/executions/" + id).then().extract().path("phase"));
    }

    @Test
    void aMillionRowsThroughTheDataStoreAndACheck() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "export", "version": "v1"}, "type": "sql",
                 "interface": {"inputs": {"n": {"type": "integer"}},
                               "outputs": {"data": {"type": {"dataset": {"format": "parquet", "columns": {"id": "integer"}}}}}},
                 "config": {"output": "dataset", "sql": "select range as id, range %% 10 as bucket from range({{.inputs.n}})"}}
                """.formatted(p));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "count", "version": "v1"}, "type": "sql",
                 "interface": {"inputs": {"data": {"type": {"dataset": {"format": "parquet"}}}}, "outputs": {"n": {"type": "integer"}}},
                 "config": {"sql": "select count(*) as n from read_parquet({{.inputs.data}})"}}
                """.formatted(p));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "check", "version": "v1"}, "type": "dataset-check",
                 "interface": {"inputs": {"data": {"type": {"dataset": {}}}}, "outputs": {"report": {"type": "struct"}}},
                 "config": {"expectations": [{"type": "row-count-between", "min": 1000000, "max": 1000000},
                   {"type": "unique", "column": "id"}, {"type": "values-between", "column": "bucket", "min": 0, "max": 9}]}}
                """.formatted(p));
        JsonPath export = Api.await(Api.submit("{\"task\": {\"project\": \"" + p + "\", \"domain\": \"development\", \"name\": \"export\"},"
                + " \"inputs\": {\"n\": 1000000}}"));
        assertEquals("SUCCEEDED", export.getString("phase"), export::prettify);
        Map<String, Object> data = export.getMap("outputs.data");
        assertEquals(1000000, data.get("rows"));
        assertEquals(Map.of("bucket", "integer", "id", "integer"), data.get("columns"));

        String dataJson = given().get("/api/v1/executions/" + export.getString("id")).then().extract().jsonPath().prettify();
        String ref = JsonPath.from(dataJson).getString("outputs.data.uri");
        String in = "{\"data\": {\"uri\": \"" + ref + "\", \"format\": \"parquet\", \"rows\": 1000000}}";
        JsonPath count = Api.await(Api.submit("{\"task\": {\"project\": \"" + p + "\", \"domain\": \"development\", \"name\": \"count\"},"
                + " \"inputs\": " + in + "}"));
        assertEquals("SUCCEEDED", count.getString("phase"), count::prettify);
        assertEquals(1000000, count.getInt("outputs.n"));

        JsonPath check = Api.await(Api.submit("{\"task\": {\"project\": \"" + p + "\", \"domain\": \"development\", \"name\": \"check\"},"
                + " \"inputs\": " + in + "}"));
        assertEquals("SUCCEEDED", check.getString("phase"), check::prettify);
        assertEquals(true, check.getBoolean("outputs.report.success"));
        assertEquals(List.of(1000000, 0, 0), check.getList("outputs.report.results.observed"));
    }
}
