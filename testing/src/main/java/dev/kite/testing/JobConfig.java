package dev.kite.testing;

/**
 * Config of a {@code test-job} task.
 *
 * @param durationMs how long each job runs on the job server before it ends by itself; absent =
 *                   until the test ends it
 * @param fail       whether a job that ends by itself ends FAILED instead of SUCCEEDED
 */
public record JobConfig(Long durationMs, Boolean fail) {

    public boolean failing() {
        return Boolean.TRUE.equals(fail);
    }
}
