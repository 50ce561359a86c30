package dev.kite.plugin.http;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code config} of an {@code http-job} task: submit a job, poll its status until it is done
 * or failed, cancel it on abort and timeout. See {@code src/docs/http-tasks.md}.
 *
 * @param submit           the request that starts the job (default method POST); it carries the
 *                         {@code Idempotency-Key} header
 * @param job              where the submit response names the job
 * @param status           how to read the job's status
 * @param cancel           the request that stops the job (default method DELETE, default URL the
 *                         job URL); without it, an abort or a timeout leaves the job running
 * @param outputs          output name → {@code status}, {@code header:Name}, {@code body} or a JSON
 *                         pointer, read from the status response that says done
 * @param timeout          longest one request may take (ISO-8601); default
 *                         {@code kite.http.request-timeout}
 * @param tls              TLS options of every request
 * @param maxResponseBytes largest response body read; at most {@code kite.http.max-response-bytes}
 * @param idempotencyKey   {@code execution} (default) or {@code attempt}: see {@link HttpCallConfig}
 */
public record HttpJobConfig(HttpRequestConfig submit, Job job, Status status, HttpRequestConfig cancel,
        Map<String, String> outputs, String timeout, HttpTls tls, Integer maxResponseBytes, String idempotencyKey) {

    /**
     * Where the submit response names the job: each a JSON pointer into its body ({@code /id}) or
     * {@code header:Name} ({@code header:Location}). At least one is required; a relative URL is
     * resolved against the submit URL.
     *
     * @param id  the job's id, available to templates as {@code {{.job.id}}}
     * @param url the job's URL, available as {@code {{.job.url}}}; the default status and cancel URL
     */
    public record Job(String id, String url) {
    }

    /**
     * How to read the job's status.
     *
     * @param method  default GET
     * @param url     a URL template that may name {@code {{.job.id}}} and inputs; default: the job URL
     * @param headers see {@link HttpRequestConfig}
     * @param query   see {@link HttpRequestConfig}
     * @param pointer JSON pointer to the state in the status response, e.g. {@code /state}
     * @param done    the values of the state that mean done (compared as JSON: {@code "DONE"}, {@code true})
     * @param failed  the values that mean failed
     * @param message optional JSON pointer to a message shown while running and when failed
     */
    public record Status(String method, String url, Map<String, JsonNode> headers, Map<String, String> query,
            String pointer, List<JsonNode> done, List<JsonNode> failed, String message) {

        HttpRequestConfig request() {
            return new HttpRequestConfig(method, url, headers, query, null);
        }
    }
}
