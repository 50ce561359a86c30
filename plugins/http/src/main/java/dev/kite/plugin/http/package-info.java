/**
 * The built-in task types {@code http} (one request, {@link dev.kite.plugin.http.HttpPlugin}) and
 * {@code http-job} (submit, poll, cancel a remote job, {@link dev.kite.plugin.http.HttpJobPlugin}),
 * on the Vert.x web client, with templated requests ({@link dev.kite.model.Templates}), typed
 * errors, an address allow-list against SSRF, and per-host rate limits, concurrency quotas
 * (Redis) and circuit breakers. User guide: {@code src/docs/http-tasks.md}.
 */
package dev.kite.plugin.http;
