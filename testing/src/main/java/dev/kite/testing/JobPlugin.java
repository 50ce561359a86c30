package dev.kite.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;

/**
 * Test plugin (task type {@code test-job}): runs each attempt as a job on the job server of the
 * integration tests, over HTTP. Every call is asynchronous ({@link HttpClient#sendAsync}), so
 * nothing here blocks the event loop.
 *
 * <ul>
 * <li>submit: {@code POST /jobs {name, inputs, durationMs, fail}} → {@code {id}}; the job server
 * answers the same job for the same name, which makes submission idempotent on the attempt's
 * generated name;</li>
 * <li>poll: {@code GET /jobs/{id}} → {@code {state: RUNNING|SUCCEEDED|FAILED|CANCELLED, outputs, message}};</li>
 * <li>cancel: {@code DELETE /jobs/{id}}.</li>
 * </ul>
 */
@ApplicationScoped
@TaskTypes("test-job")
public class JobPlugin implements AsyncPlugin<JobConfig, JobHandle> {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @ConfigProperty(name = "kite-testing.job-server-url")
    Optional<String> jobServerUrl;

    @Inject
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public void validate(TaskTemplate task, JobConfig config, FieldErrors errors) {
        if (config.durationMs() != null && config.durationMs() < 0) {
            errors.add("config.durationMs", "must not be negative");
        }
    }

    @Override
    public void check() {
        if (jobServerUrl.isEmpty()) {
            throw new IllegalStateException("kite-testing.job-server-url is not set");
        }
    }

    @Override
    public Uni<JobHandle> submit(TaskContext<JobConfig> ctx) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", ctx.generatedName());
        body.set("inputs", ctx.inputs());
        if (ctx.config().durationMs() != null) {
            body.put("durationMs", ctx.config().durationMs());
        }
        body.put("fail", ctx.config().failing());
        HttpRequest request = request("/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return call(request).map(response -> {
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw unexpected("submit of " + ctx.generatedName(), response);
            }
            return new JobHandle(json(response).path("id").asText());
        });
    }

    @Override
    public Uni<TaskStatus> poll(TaskContext<JobConfig> ctx, JobHandle handle) {
        return call(request("/jobs/" + encode(handle.jobId())).GET().build()).map(response -> {
            if (response.statusCode() == 404) {
                return TaskStatus.failed(TaskError.system("JOB_LOST", "the job server does not know job " + handle.jobId()));
            }
            if (response.statusCode() != 200) {
                throw unexpected("status of job " + handle.jobId(), response);
            }
            JsonNode job = json(response);
            String message = job.path("message").asText("job " + handle.jobId());
            return switch (job.path("state").asText()) {
                case "SUCCEEDED" -> TaskStatus.succeeded(job.get("outputs") instanceof ObjectNode o ? o : null);
                case "FAILED" -> TaskStatus.failed(TaskError.userRecoverable("JOB_FAILED", message));
                case "CANCELLED" -> TaskStatus.failed(TaskError.userRecoverable("JOB_CANCELLED", message));
                default -> TaskStatus.running(message);
            };
        });
    }

    @Override
    public Uni<Void> cancel(TaskContext<JobConfig> ctx, JobHandle handle) {
        return call(request("/jobs/" + encode(handle.jobId())).DELETE().build()).map(response -> {
            // 404: nothing left to stop, which is what a cancel wants
            if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
                throw unexpected("cancel of job " + handle.jobId(), response);
            }
            return null;
        });
    }

    private HttpRequest.Builder request(String path) {
        String base = jobServerUrl.orElseThrow(() -> new TaskException(
                TaskError.systemFatal("NOT_CONFIGURED", "kite-testing.job-server-url is not set")));
        return HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path)).timeout(CALL_TIMEOUT);
    }

    private Uni<HttpResponse<String>> call(HttpRequest request) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .onFailure(IOException.class).transform(e -> new TaskException(TaskError.system("JOB_SERVER_UNREACHABLE",
                        request.method() + " " + request.uri() + " failed: " + e), e));
    }

    private JsonNode json(HttpResponse<String> response) {
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new TaskException(TaskError.system("BAD_RESPONSE", "the job server answered no JSON: " + e.getMessage()), e);
        }
    }

    private static TaskException unexpected(String what, HttpResponse<String> response) {
        return new TaskException(TaskError.system("JOB_SERVER_ERROR",
                what + " answered " + response.statusCode() + ": " + response.body()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
