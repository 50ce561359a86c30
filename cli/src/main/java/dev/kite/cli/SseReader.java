package dev.kite.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads Server-Sent Events: {@code id}, {@code event} and {@code data} of each (the server's tests use it too). */
public final class SseReader implements AutoCloseable {

    /** One event; {@code id} is null when it has none. */
    public record Event(String id, String name, String data) {
    }

    private final BufferedReader in;

    public SseReader(InputStream body) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or null once the stream has ended. */
    public Event next() throws IOException {
        String id = null;
        String name = "message";
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, name, data.toString());
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon == 0) {
                continue;
            }
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            value = value.startsWith(" ") ? value.substring(1) : value;
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
