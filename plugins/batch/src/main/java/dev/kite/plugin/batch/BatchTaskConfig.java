package dev.kite.plugin.batch;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code config} of a {@code batch} task.
 *
 * @param queue         the job queue (name or ARN); {@code kite.batch.default-queue} when absent
 * @param jobDefinition an existing job definition (name, name:revision or ARN); or leave it out and
 *                      give {@code image}, {@code vcpus}, {@code memory} (and {@code role}) for Kite to register one
 * @param image         the container image of a definition Kite registers
 * @param vcpus         vCPUs (of the registered definition, and the override of an existing one)
 * @param memory        memory in MiB
 * @param gpus          GPUs
 * @param role          the job role ARN of a registered definition
 * @param executionRole the execution role ARN (required by Fargate for a registered definition)
 * @param platform      {@code EC2} (default) or {@code FARGATE}
 * @param command       the command, each element a template over the inputs ({@code {{.inputs.x}}})
 * @param environment   environment variables, values are templates over the inputs
 * @param arrayInput    the name of a collection input: one child job per element
 * @param minSuccesses  for an array job, the successful children needed: a count (integer) or a
 *                      ratio (a number with a fraction, 0 &lt; r &le; 1); all children when absent
 */
public record BatchTaskConfig(String queue, String jobDefinition, String image, Double vcpus, Integer memory,
        Integer gpus, String role, String executionRole, String platform, List<String> command,
        Map<String, String> environment, String arrayInput, JsonNode minSuccesses) {
}
