package dev.kite.testing;

/**
 * What Kite persists after a {@code test-job} submission: the job server's id of the job.
 *
 * @param jobId the job's id on the job server
 */
public record JobHandle(String jobId) {
}
