package dev.kite.plugin.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A response as read, with its body bounded by the size cap.
 *
 * @param status      the status code
 * @param reason      the status message
 * @param headers     header name (lower case) → values
 * @param body        the body bytes (empty when none)
 * @param description the request, for messages ({@code POST https://host/path})
 */
record HttpReply(int status, String reason, Map<String, List<String>> headers, byte[] body, String description) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; an {@link HttpFailure} (USER) when it is not. */
    JsonNode json() {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("the body is empty");
            }
            return node;
        } catch (IOException e) {
            throw HttpFailure.user("HTTP_BAD_BODY", "the response of " + description + " is not JSON (content type "
                    + header("content-type") + "): " + HttpErrors.excerpt(text()));
        }
    }

    /** The body as JSON when it is JSON, else null. */
    JsonNode jsonOrNull() {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
