package dev.kite.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A @KiteTask method becomes a registered task whose typed inputs and record outputs round-trip over REST. */
@QuarkusTest
class JavaFunctionRoundTripTest {

    @Test
    void interfaceIsDerivedFromTheSignature() {
        JsonPath t = given().get("/api/v1/tasks/kite-tests/development/typed/v1").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("java", t.getString("type"));
        Map<String, Object> inputs = t.getMap("interface.inputs");
        assertEquals(Set.of("at", "big", "color", "count", "data", "flag", "note", "point", "ratio", "scores", "small",
                "span", "tags", "text"), inputs.keySet());
        assertEquals("integer", t.getString("interface.inputs.count.type"));
        assertEquals("float", t.getString("interface.inputs.ratio.type"));
        assertEquals("datetime", t.getString("interface.inputs.at.type"));
        assertEquals("duration", t.getString("interface.inputs.span.type"));
        assertEquals("binary", t.getString("interface.inputs.data.type"));
        assertEquals(List.of("RED", "GREEN", "BLUE"), t.getList("interface.inputs.color.type.enum"));
        assertEquals("string", t.getString("interface.inputs.tags.type.collection"));
        assertEquals("integer", t.getString("interface.inputs.scores.type.map"));
        assertEquals("struct", t.getString("interface.inputs.point.type"));
        assertEquals(List.of("string", "none"), t.getList("interface.inputs.note.type.union"));
        assertEquals(true, t.getMap("interface.inputs.note").containsKey("default"));
        assertEquals(false, t.getMap("interface.inputs.text").containsKey("default"));
        assertEquals(Set.of("attempt", "big", "color", "doubled", "half", "later", "next", "notFlag", "note", "point",
                "reversed", "seed", "small", "tags", "total", "upper"), t.getMap("interface.outputs").keySet());
    }

    @Test
    void typedInputsBecomeRecordOutputs() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "typed"},
                 "inputs": {"count": 41, "big": 9007199254740993, "ratio": 3, "flag": true, "small": 7, "text": "straße",
                            "at": "2024-02-28T23:30:00+01:00", "span": "PT90M", "data": "AQID", "color": "BLUE",
                            "tags": ["b", "a"], "scores": {"x": 2, "y": 40}, "note": "hi", "point": {"x": 1, "y": -1}}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals(42, e.getInt("outputs.next"));
        assertEquals(9007199254740993L, e.getLong("outputs.big"));
        assertEquals(1.5, e.getDouble("outputs.half"));
        assertEquals(false, e.getBoolean("outputs.notFlag"));
        assertEquals(8, e.getInt("outputs.small"));
        assertEquals("STRASSE", e.getString("outputs.upper"));
        assertEquals("2024-02-29T00:00:00Z", e.getString("outputs.later"));
        assertEquals("PT3H", e.getString("outputs.doubled"));
        assertEquals("AwIB", e.getString("outputs.reversed"));
        assertEquals("RED", e.getString("outputs.color"));
        assertEquals(List.of("a", "b"), e.getList("outputs.tags"));
        assertEquals(42, e.getLong("outputs.total"));
        assertEquals("HI", e.getString("outputs.note"));
        assertEquals(Map.of("x", 2, "y", 0), e.getMap("outputs.point"));
        assertEquals(0, e.getInt("outputs.attempt"));
        assertEquals(e.getLong("seed"), e.getLong("outputs.seed"));
    }

    @Test
    void anAbsentOptionalInputIsEmpty() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "typed", "version": "v1"},
                 "inputs": {"count": 0, "big": 0, "ratio": 0, "flag": false, "small": 0, "text": "",
                            "at": "2024-01-01T00:00:00Z", "span": "PT0S", "data": "", "color": "RED",
                            "tags": [], "scores": {}, "point": {"x": 0, "y": 0}}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertNull(e.get("outputs.note"));
        assertEquals(true, e.getMap("outputs").containsKey("note"));
    }

    @Test
    void aValueThatIsNotARecordIsTheOutputO0() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "square"}, "inputs": {"x": -12}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals(Map.of("o0", 144), e.getMap("outputs"));
    }

    @Test
    void aStructThatDoesNotBindFailsAsBadInput() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "typed"},
                 "inputs": {"count": 0, "big": 0, "ratio": 0, "flag": false, "small": 0, "text": "",
                            "at": "2024-01-01T00:00:00Z", "span": "PT0S", "data": "", "color": "RED",
                            "tags": [], "scores": {}, "point": {"x": 0, "y": 0, "z": 0}}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("INVALID_INPUT", e.getString("error.code"));
        assertEquals("USER", e.getString("error.kind"));
        assertEquals(1, e.getList("attempts").size());
    }

    @Test
    void aFunctionRunsOnAWorkerUnlessDeclaredNonBlocking() {
        JsonPath worker = Api.await(Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "thread"}}
                """));
        assertEquals("SUCCEEDED", worker.getString("phase"), () -> worker.prettify());
        assertTrue(worker.getString("outputs.o0").startsWith("kite-worker"), () -> worker.prettify());
        JsonPath inline = Api.await(Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "thread-inline"}}
                """));
        assertEquals("SUCCEEDED", inline.getString("phase"), () -> inline.prettify());
        assertFalse(inline.getString("outputs.o0").startsWith("kite-worker"), () -> inline.prettify());
    }
}
