package dev.kite.plugin.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/**
 * The end of an array job: its children are described (ids {@code <parent>:<index>}, through the
 * shared batcher), {@code minSuccesses} decides, failed children are listed with their reasons, and
 * the declared output (if any) gets the children's outputs ({@link ArrayData}) in child order.
 */
final class ArrayOutcome {

    /** Failed children named in a message; the rest are counted. */
    static final int LISTED = 20;

    private ArrayOutcome() {
    }

    /** Blocking (waits for the batcher): the status of an ended array job. */
    static TaskStatus decide(BatchSpec spec, TaskContext<?> ctx, BatchHandle h, JobDetail parent, DescribeBatcher batcher) {
        List<JobDetail> children = children(h, parent, batcher);
        List<String> failures = new ArrayList<>();
        int ok = 0;
        for (int i = 0; i < children.size(); i++) {
            JobDetail child = children.get(i);
            JobStatus s = child == null ? null : child.status();
            if (s == JobStatus.SUCCEEDED) {
                ok++;
            } else {
                failures.add(i + ": " + (child == null ? "unknown to Batch" : BatchFailures.describe(child)));
            }
        }
        int required = spec.required(children.size());
        String summary = ok + "/" + children.size() + " children succeeded (" + required + " needed)"
                + (failures.isEmpty() ? "" : "; failed: " + list(failures));
        if (ok >= required) {
            ObjectNode outputs = JsonNodeFactory.instance.objectNode();
            if (spec.arrayOutput() != null) {
                outputs.set(spec.arrayOutput(), ArrayData.readOutputs(ctx, children.size()));
            }
            return new TaskStatus(TaskStatus.Phase.SUCCEEDED, outputs, null, summary);
        }
        return TaskStatus.failed(TaskError.userRecoverable("ARRAY_MIN_SUCCESSES", summary + " (job " + h.jobId() + ")"));
    }

    private static List<JobDetail> children(BatchHandle h, JobDetail parent, DescribeBatcher batcher) {
        if (h.arraySize() == 1) {
            return List.of(parent);
        }
        List<CompletableFuture<JobDetail>> fs = new ArrayList<>();
        for (int i = 0; i < h.arraySize(); i++) {
            fs.add(batcher.describe(h.jobId() + ":" + i));
        }
        return fs.stream().map(CompletableFuture::join).toList();
    }

    private static String list(List<String> failures) {
        String shown = String.join("; ", failures.subList(0, Math.min(LISTED, failures.size())));
        return failures.size() > LISTED ? shown + "; and " + (failures.size() - LISTED) + " more" : shown;
    }

    /** The parent's children by state, e.g. {@code RUNNING=3, SUCCEEDED=10}. */
    static String progress(JobDetail parent) {
        if (parent.arrayProperties() == null || !parent.arrayProperties().hasStatusSummary()) {
            return "";
        }
        Map<String, Integer> s = parent.arrayProperties().statusSummary();
        StringBuilder b = new StringBuilder("; children: ");
        s.entrySet().stream().filter(e -> e.getValue() != null && e.getValue() > 0).sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append(' '));
        return b.toString().stripTrailing();
    }
}
