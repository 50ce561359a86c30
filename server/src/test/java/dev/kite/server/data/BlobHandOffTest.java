package dev.kite.server.data;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** A Java task writes a 50 MB blob into S3 (a multipart upload); a second task reads it as its input. */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class BlobHandOffTest {

    @Test
    void aFiftyMegabyteBlobWrittenByOneTaskIsReadByTheNext() throws Exception {
        String writer = Data.submit(DataTasks.PROJECT, "write-blob", "{\"megabytes\": 50}");
        JsonPath written = dev.kite.server.Api.await(writer);
        assertEquals("SUCCEEDED", written.getString("phase"), written.prettify());
        String uri = written.getString("outputs.o0.uri");
        assertEquals("s3://" + S3Servers.LAKE + "/raw/" + DataTasks.PROJECT + "/development/" + writer + "/0/pattern.bin", uri,
                "the blob lies in the attempt's raw output location");
        assertEquals("bin", written.getString("outputs.o0.format"));

        JsonPath read = Data.run("read-blob", "{\"data\": {\"uri\": \"" + uri + "\"}}");
        assertEquals("SUCCEEDED", read.getString("phase"), read.prettify());
        assertEquals(50L * 1024 * 1024, read.getLong("outputs.size"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] mb = DataTasks.pattern();
        for (int i = 0; i < 50; i++) {
            sha.update(mb);
        }
        assertEquals(HexFormat.of().formatHex(sha.digest()), read.getString("outputs.sha256"), "the same bytes came back");

        // the data endpoint hands out a signed URL of the store rather than streaming 50 MB itself
        given().redirects().follow(false).get("/api/v1/executions/" + writer + "/data/outputs/o0")
                .then().statusCode(307).header("Location", startsWith("http://")).header("Location",
                        org.hamcrest.Matchers.containsString(S3Servers.LAKE + "/raw/"));
    }

    @Test
    void aDatasetRecordsItsColumnsAndRowCountAndItsBytesAreServed() {
        String id = Data.submit(DataTasks.PROJECT, "write-table", "{\"rows\": 3}");
        JsonPath table = dev.kite.server.Api.await(id);
        assertEquals("SUCCEEDED", table.getString("phase"), table.prettify());
        assertEquals("integer", table.getString("outputs.o0.columns.id"));
        assertEquals("string", table.getString("outputs.o0.columns.name"));
        assertEquals(3, table.getInt("outputs.o0.rows"));
        assertEquals("csv", table.getString("outputs.o0.format"));

        // the data endpoint answers with its bytes or a redirect to a signed URL; a client follows that
        // without Kite's credentials (they are not the store's), as curl and browsers do across hosts
        io.restassured.response.Response answer = given().redirects().follow(false).get("/api/v1/executions/" + id + "/data/outputs/o0");
        String body;
        if (answer.statusCode() == 307) {
            java.net.http.HttpResponse<String> signed;
            try {
                signed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(answer.header("Location"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException | InterruptedException e) {
                throw new AssertionError("the signed URL could not be read", e);
            }
            assertEquals(200, signed.statusCode(), signed.body());
            body = signed.body();
        } else {
            body = answer.asString();
            assertEquals(200, answer.statusCode(), body);
        }
        assertTrue(body.startsWith("id,name\n0,row0\n"), body);
    }
}
