package dev.kite.server.stream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.restassured.RestAssured;

import dev.kite.cli.SseReader;
import dev.kite.server.security.BootstrapKey;

/** A Server-Sent Events client for tests: opens a stream with the test key, reads it with the CLI's {@link SseReader}. */
final class SseClient implements AutoCloseable {

    /** One event: its id (null when none), its name and its data. */
    record Sse(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpResponse<java.io.InputStream> response;
    private final SseReader reader;

    private SseClient(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        this.reader = new SseReader(response.body());
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
        SseReader.Event e = reader.next();
        return e == null ? null : new Sse(e.id(), e.name(), e.data());
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
