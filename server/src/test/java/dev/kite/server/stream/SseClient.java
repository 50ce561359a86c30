package dev.kite.server.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.restassured.RestAssured;

import dev.kite.server.security.BootstrapKey;

/** A Server-Sent Events client for tests: reads the events of a stream as the wire carries them. */
final class SseClient implements AutoCloseable {

    /** One event: its id (null when none), its name and its data. */
    record Sse(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpResponse<java.io.InputStream> response;
    private final BufferedReader reader;

    private SseClient(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Opens {@code path} with the bootstrap key and the given extra headers (name, value, ...). */
    static SseClient open(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", BootstrapKey.BEARER);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return new SseClient(HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, or null at the end of the stream. */
    Sse next() throws IOException {
        String id = null;
        String event = "message";
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Sse(id, event, data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }
        return null;
    }

    /** Events up to and including the first that {@code last} accepts (or the end of the stream). */
    List<Sse> until(Predicate<Sse> last) throws IOException {
        List<Sse> out = new ArrayList<>();
        Sse e;
        while ((e = next()) != null) {
            out.add(e);
            if (last.test(e)) {
                break;
            }
        }
        return out;
    }

    /** Everything up to the end of the stream. */
    List<Sse> rest() throws IOException {
        return until(e -> false);
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
