package dev.kite.plugin.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.TaskTemplate;

/** Kite registers one job definition per content, and finds it again after a restart. */
class JobDefinitionsOnceTest {

    static final TaskTemplate TASK = BatchFixture.task("{'queue': 'q', 'image': 'acme/train:1.2', 'vcpus': 4, 'memory': 8192,"
            + " 'role': 'arn:aws:iam::123456789012:role/trainer'}", "{}");

    @Test
    void aDefinitionIsRegisteredOnceAcrossARestart() throws Exception {
        try (BatchFixture fx = new BatchFixture()) {
            BatchJobPlugin first = fx.plugin();
            BatchHandle h1 = first.submit(fx.attempt(TASK, "{}", "kite-def-0")).await().indefinitely();
            first.submit(fx.attempt(TASK, "{}", "kite-def-1")).await().indefinitely();
            first.close();
            BatchJobPlugin restarted = fx.plugin();
            BatchHandle h3 = restarted.submit(fx.attempt(TASK, "{}", "kite-def-2")).await().indefinitely();
            restarted.close();

            assertEquals(1, fx.fake.calls("registerjobdefinition").size());
            JsonNode reg = fx.fake.calls("registerjobdefinition").get(0).body();
            String name = reg.path("jobDefinitionName").asText();
            assertTrue(name.matches("kite-[0-9a-f]{32}"), name);
            assertEquals("acme/train:1.2", reg.path("containerProperties").path("image").asText());
            assertEquals("arn:aws:iam::123456789012:role/trainer", reg.path("containerProperties").path("jobRoleArn").asText());
            assertEquals(1, reg.path("retryStrategy").path("attempts").asInt());
            assertEquals(name + ":1", fx.fake.request(h1.jobId()).path("jobDefinition").asText());
            assertEquals(name + ":1", fx.fake.request(h3.jobId()).path("jobDefinition").asText());
            assertEquals("ACTIVE", fx.fake.calls("describejobdefinitions").get(1).body().path("status").asText());

            BatchJobPlugin other = fx.plugin(); // other content: another definition
            TaskTemplate bigger = BatchFixture.task("{'queue': 'q', 'image': 'acme/train:1.2', 'vcpus': 8, 'memory': 8192,"
                    + " 'role': 'arn:aws:iam::123456789012:role/trainer'}", "{}");
            other.submit(fx.attempt(bigger, "{}", "kite-def-3")).await().indefinitely();
            other.close();
            assertEquals(2, fx.fake.calls("registerjobdefinition").size());
        }
    }
}
