package dev.kite.plugin.http;

/**
 * The persisted handle of an {@code http-job} attempt: what the submit response named.
 *
 * @param id  the job's id, or null
 * @param url the job's absolute URL, or null
 */
public record JobHandle(String id, String url) {
}
