package dev.kite.plugin.batch;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.batch.model.JobDetail;

import dev.kite.spi.Link;

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

    /** The attempt's links ({@code attempts[].links}): the job's console page, and its log stream once it has one. */
    static List<Link> of(String region, JobDetail job) {
        List<Link> out = new ArrayList<>(2);
        out.add(Link.of("Batch console", console(region, job.jobId())));
        String logs = logs(region, job);
        if (logs != null) {
            out.add(Link.of("CloudWatch logs", logs));
        }
        return out;
    }
}
