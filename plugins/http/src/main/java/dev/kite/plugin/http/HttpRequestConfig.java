package dev.kite.plugin.http;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request, as written in a task's {@code config}. Every string may hold placeholders
 * ({@code {{.inputs.x}}}, see {@link dev.kite.model.Templates}), encoded for where they land.
 *
 * @param method  GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS
 * @param url     an absolute http(s) URL whose host is written literally; placeholders in the path
 *                are written as path segments, after the {@code ?} as query values
 * @param headers header name → a template, or a secret reference {@code {"secret": "name"}}
 *                (optionally {@code "prefix": "Bearer "}) resolved at run time
 * @param query   query parameter → a template (appended to the URL, percent-encoded)
 * @param body    a JSON value sent as {@code application/json}; its string leaves are templates,
 *                and a leaf that is exactly one placeholder takes the value's own JSON type
 */
public record HttpRequestConfig(String method, String url, Map<String, JsonNode> headers, Map<String, String> query,
        JsonNode body) {
}
