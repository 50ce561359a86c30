package dev.kite.plugin.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.DescribeJobsResponse;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * One per process: collects the job ids that all Batch attempts want described and asks Batch
 * for at most {@code batchSize} of them per DescribeJobs call, one call per tick; a tick follows
 * the end of the previous one after {@code 1/ratePerSecond}, so the calls stay within that rate
 * whatever the number of attempts and however late a tick runs. A caller gets the job's detail, or null when Batch does not know the id.
 */
final class DescribeBatcher implements AutoCloseable {

    private final BatchClient client;
    private final int batchSize;
    private final Map<String, List<CompletableFuture<JobDetail>>> pending = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;

    /**
     * @param ratePerSecond ticks per second; 0 or less: no ticker, the owner calls {@link #tick()}
     */
    DescribeBatcher(BatchClient client, int batchSize, double ratePerSecond) {
        this.client = client;
        this.batchSize = Math.max(1, Math.min(100, batchSize));
        if (ratePerSecond > 0) {
            long periodMicros = Math.max(1, (long) (1_000_000 / ratePerSecond));
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kite-batch-describe");
                t.setDaemon(true);
                return t;
            });
            // a fixed delay, not a fixed rate: a tick that ran late is never followed by a catch-up
            // burst, so calls start at least a period apart whatever the load
            ticker.scheduleWithFixedDelay(this::tickQuietly, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        } else {
            ticker = null;
        }
    }

    /** The detail of job {@code id} from the next DescribeJobs call that includes it. */
    CompletableFuture<JobDetail> describe(String id) {
        CompletableFuture<JobDetail> f = new CompletableFuture<>();
        synchronized (pending) {
            pending.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        }
        return f;
    }

    /** Ids waiting for a call. */
    int waiting() {
        synchronized (pending) {
            return pending.size();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // the futures of the failed call carry the error
        }
    }

    /** Makes one DescribeJobs call for the oldest waiting ids (none when nobody waits). */
    void tick() {
        Map<String, List<CompletableFuture<JobDetail>>> batch = new LinkedHashMap<>();
        synchronized (pending) {
            Iterator<Map.Entry<String, List<CompletableFuture<JobDetail>>>> it = pending.entrySet().iterator();
            while (it.hasNext() && batch.size() < batchSize) {
                Map.Entry<String, List<CompletableFuture<JobDetail>>> e = it.next();
                batch.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        DescribeJobsResponse response;
        try {
            response = client.describeJobs(b -> b.jobs(new ArrayList<>(batch.keySet())));
        } catch (RuntimeException e) {
            batch.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(e)));
            throw e;
        }
        for (JobDetail job : response.jobs()) {
            List<CompletableFuture<JobDetail>> fs = batch.remove(job.jobId());
            if (fs != null) {
                fs.forEach(f -> f.complete(job));
            }
        }
        batch.values().forEach(fs -> fs.forEach(f -> f.complete(null)));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
