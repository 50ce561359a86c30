package dev.kite.plugin.batch;

/**
 * The persisted handle of a {@code batch} attempt.
 *
 * @param jobId     the Batch job id
 * @param jobName   the job name (the attempt's generated name)
 * @param arraySize the number of child jobs, 0 for a plain job
 */
public record BatchHandle(String jobId, String jobName, int arraySize) {
}
