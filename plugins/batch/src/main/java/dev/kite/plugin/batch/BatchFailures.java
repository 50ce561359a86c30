package dev.kite.plugin.batch;

import java.util.List;
import java.util.Locale;

import software.amazon.awssdk.services.batch.model.AttemptDetail;
import software.amazon.awssdk.services.batch.model.JobDetail;

import dev.kite.spi.TaskError;

/** Why a Batch job FAILED, as a typed error: infrastructure (SYSTEM, recoverable) or the task's own (USER). */
final class BatchFailures {

    private static final List<String> MISSING_IMAGE = List.of("not found", "manifest unknown", "does not exist",
            "pull access denied", "repository not found", "invalid reference format");

    private BatchFailures() {
    }

    /** The error of a FAILED job. */
    static TaskError classify(JobDetail job) {
        String status = nz(job.statusReason());
        String container = containerReason(job);
        Integer exit = exitCode(job);
        String all = status + " " + container;
        String where = " (job " + job.jobId() + ")";
        if (status.startsWith("Host EC2") || container.startsWith("Host EC2")) {
            return TaskError.system("HOST_TERMINATED", "the job's EC2 host went away (spot reclaim or scale-in): "
                    + status + where);
        }
        if (all.contains("CannotPullContainerError")) {
            String lower = all.toLowerCase(Locale.ROOT);
            if (MISSING_IMAGE.stream().anyMatch(lower::contains)) {
                return TaskError.user("IMAGE_NOT_FOUND", "the image cannot be pulled, check config.image or the job"
                        + " definition: " + reason(status, container) + where);
            }
            return TaskError.system("IMAGE_PULL_FAILED", "pulling the image failed: " + reason(status, container) + where);
        }
        if (all.contains("OutOfMemoryError") || exit != null && exit == 137 && all.toLowerCase(Locale.ROOT).contains("memory")) {
            return TaskError.system("OUT_OF_MEMORY", "the container ran out of memory: " + reason(status, container)
                    + "; raise config.memory" + where);
        }
        if (exit != null && exit != 0) {
            return TaskError.userRecoverable("EXIT_" + exit, "the container exited with code " + exit
                    + (container.isEmpty() ? "" : ": " + container) + where);
        }
        if (status.contains("Job attempt duration exceeded timeout")) {
            return TaskError.userRecoverable("BATCH_TIMEOUT", "the job ran past its timeout" + where);
        }
        return TaskError.system("BATCH_FAILED", "the job failed: " + reason(status, container) + where);
    }

    /** The reason text of a failed job, for listing failed children. */
    static String describe(JobDetail job) {
        Integer exit = exitCode(job);
        return reason(nz(job.statusReason()), containerReason(job)) + (exit == null ? "" : " (exit " + exit + ")");
    }

    private static String reason(String status, String container) {
        if (container.isEmpty()) {
            return status.isEmpty() ? "no reason given" : status;
        }
        return status.isEmpty() || status.equals(container) ? container : status + ": " + container;
    }

    private static String containerReason(JobDetail job) {
        if (job.container() != null && job.container().reason() != null) {
            return job.container().reason();
        }
        AttemptDetail last = lastAttempt(job);
        return last != null && last.container() != null ? nz(last.container().reason()) : "";
    }

    static Integer exitCode(JobDetail job) {
        if (job.container() != null && job.container().exitCode() != null) {
            return job.container().exitCode();
        }
        AttemptDetail last = lastAttempt(job);
        return last != null && last.container() != null ? last.container().exitCode() : null;
    }

    private static AttemptDetail lastAttempt(JobDetail job) {
        return job.hasAttempts() && !job.attempts().isEmpty() ? job.attempts().get(job.attempts().size() - 1) : null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
