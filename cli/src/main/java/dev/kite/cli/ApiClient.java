package dev.kite.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Kite's REST API over the JDK's HTTP client. A problem answer (RFC 9457) becomes a
 * {@link CliException} with its detail and field paths, and the exit code of its status.
 */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Settings settings;

    ApiClient(Settings settings) {
        this.settings = settings;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, JsonNode body) {
        HttpRequest.Builder r = request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        return json(send(r));
    }

    JsonNode delete(String path) {
        return json(send(request(path).DELETE()));
    }

    /** Hands each line of a text answer to {@code line} as it arrives (a followed log). */
    void lines(String path, Consumer<String> line) {
        HttpResponse<InputStream> r = stream(request(path).header("Accept", "text/plain, application/problem+json"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                line.accept(l);
            }
        } catch (IOException e) {
            throw new CliException(Exit.UNAVAILABLE, "the answer of " + settings.server() + " broke off: " + e.getMessage());
        }
    }

    /** Opens a Server-Sent Events stream; {@code lastEventId} resumes after that event. */
    SseReader events(String path, String lastEventId) {
        HttpRequest.Builder r = request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        return new SseReader(stream(r).body());
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.server() + path)).header("Accept", "application/json");
        if (settings.apiKey() != null) {
            b.header("Authorization", "Bearer " + settings.apiKey());
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder r) {
        HttpResponse<String> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNAVAILABLE, "interrupted");
        }
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), response.body());
        }
        return response;
    }

    private HttpResponse<InputStream> stream(HttpRequest.Builder r) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                try (InputStream body = response.body()) {
                    throw problem(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNAVAILABLE, "interrupted");
        }
        return response;
    }

    private CliException unreachable(IOException e) {
        return new CliException(Exit.UNAVAILABLE, "cannot reach " + settings.server() + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }

    private static JsonNode json(HttpResponse<String> r) {
        String body = r.body();
        if (body == null || body.isBlank()) {
            return Output.JSON.nullNode();
        }
        try {
            return Output.JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException(Exit.UNAVAILABLE, "the server answered something that is not JSON: " + e.getMessage());
        }
    }

    /** The problem document of an error answer as a failure: its detail, and each field path with its message. */
    static CliException problem(int status, String body) {
        int code = status == 401 || status == 403 ? Exit.DENIED : status >= 500 ? Exit.UNAVAILABLE : Exit.REFUSED;
        JsonNode doc;
        try {
            doc = Output.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return new CliException(code, "HTTP " + status + ": " + body);
        }
        String detail = doc.path("detail").asText(doc.path("title").asText("HTTP " + status));
        List<String> fields = new ArrayList<>();
        for (JsonNode e : doc.path("errors")) {
            String path = e.path("path").asText("");
            fields.add((path.isEmpty() ? "(request)" : path) + ": " + e.path("message").asText());
        }
        return new CliException(code, detail + " (HTTP " + status + ")", fields);
    }
}
