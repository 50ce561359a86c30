package dev.kite.plugin.batch;

import software.amazon.awssdk.services.batch.model.JobDetail;

/** Console links of a job: the Batch job page and its CloudWatch log stream. */
final class BatchLinks {

    private BatchLinks() {
    }

    static String console(String region, String jobId) {
        return "https://" + region + ".console.aws.amazon.com/batch/home?region=" + region + "#jobs/detail/" + jobId;
    }

    /** The log stream's page, or null before the container has one. */
    static String logs(String region, JobDetail job) {
        String stream = job.container() == null ? null : job.container().logStreamName();
        if (stream == null) {
            return null;
        }
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
                + "#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/" + stream.replace("/", "$252F");
    }

    /** "console: …; logs: …" for a status message. */
    static String text(String region, JobDetail job) {
        String logs = logs(region, job);
        return "console: " + console(region, job.jobId()) + (logs == null ? "" : "; logs: " + logs);
    }
}
