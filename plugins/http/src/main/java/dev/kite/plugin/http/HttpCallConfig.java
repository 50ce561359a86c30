package dev.kite.plugin.http;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code config} of an {@code http} task: one request, whose response gives the outputs.
 * See {@code src/docs/http-tasks.md}.
 *
 * @param method           see {@link HttpRequestConfig}; default GET
 * @param url              see {@link HttpRequestConfig}; required
 * @param headers          see {@link HttpRequestConfig}
 * @param query            see {@link HttpRequestConfig}
 * @param body             see {@link HttpRequestConfig}
 * @param outputs          output name → {@code status}, {@code header:Name}, {@code body} (the whole
 *                         body) or a JSON pointer into the body such as {@code /data/id}
 * @param timeout          longest the request may take (ISO-8601, e.g. {@code PT10S}); default
 *                         {@code kite.http.request-timeout}, and never past the attempt's timeout
 * @param tls              TLS options
 * @param maxResponseBytes largest response body read; at most {@code kite.http.max-response-bytes}
 * @param idempotencyKey   what the {@code Idempotency-Key} header holds: {@code execution} (default:
 *                         the same for every attempt of the execution) or {@code attempt}
 */
public record HttpCallConfig(String method, String url, Map<String, JsonNode> headers, Map<String, String> query,
        JsonNode body, Map<String, String> outputs, String timeout, HttpTls tls, Integer maxResponseBytes,
        String idempotencyKey) {

    HttpRequestConfig request() {
        return new HttpRequestConfig(method, url, headers, query, body);
    }
}
