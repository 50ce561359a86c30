package dev.kite.server.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A blob input must be readable by a configured store when the execution is submitted; a task may
 * opt an input out (metadata.uncheckedInputs), and its outputs are checked all the same.
 */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class UnreadableInputsAreRejectedTest {

    @Test
    void aMissingObjectIsA400NamingTheInput() {
        JsonPath problem = Data.refused("read-blob", "{\"data\": {\"uri\": \"s3://" + S3Servers.LAKE + "/nothing/here.bin\"}}");
        assertEquals("inputs.data.uri", problem.getString("errors[0].path"));
        assertTrue(problem.getString("errors[0].message").contains("there is no object"), problem.prettify());
    }

    @Test
    void aUriNoStoreServesIsA400NamingTheInput() {
        JsonPath problem = Data.refused("read-blob", "{\"data\": {\"uri\": \"gs://elsewhere/x.bin\"}}");
        assertEquals("inputs.data.uri", problem.getString("errors[0].path"));
        assertTrue(problem.getString("errors[0].message").contains("no configured data store serves it"), problem.prettify());
    }

    @Test
    void anUncheckedInputIsAcceptedButAnOutputMustExist() {
        String project = Data.echoTask("echo-blob", "{\"inputs\": {\"data\": {\"type\": {\"blob\": {}}}}, "
                + "\"outputs\": {\"data\": {\"type\": {\"blob\": {}}}}}", "{\"uncheckedInputs\": [\"data\"]}");
        String id = Api.submit("{\"task\": {\"project\": \"" + project + "\", \"domain\": \"development\", \"name\": \"echo-blob\"},"
                + " \"inputs\": {\"data\": {\"uri\": \"gs://elsewhere/x.bin\"}}}");
        JsonPath done = Api.await(id);
        assertEquals("FAILED", done.getString("phase"));
        assertEquals("OUTPUT_MISMATCH", done.getString("error.code"));
        assertTrue(done.getString("error.message").contains("outputs.data.uri"), done.getString("error.message"));
    }
}
