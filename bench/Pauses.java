import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets a load run's requests against the server's JVM pauses (a benchmark tool: bench/run.sh runs
 * it on the one-client runs). The pauses are the server's safepoints as {@code -Xlog:safepoint}
 * writes them with the {@code timenanos} decorator (the monotonic clock of System.nanoTime(), which
 * every JVM on the machine shares); the requests are bench/Load.java's LATENCY_LOG lines. A request
 * is touched by a pause when the two overlap.
 *
 * <p>Prints one line: the pauses during the requests and their total ms, how many of the slowest 1 %
 * of the requests a pause touched, the p99 of all the requests, and the p99 of those no pause
 * touched. If the slowest are slow because of garbage collection (or another stop of the JVM), the
 * second p99 is far below the first.
 *
 * Usage: java Pauses.java SAFEPOINT_LOG LATENCY_LOG...
 */
public class Pauses {

    private static final Pattern SAFEPOINT = Pattern.compile("\\[(\\d+)ns\\].*Total: (\\d+) ns");
    /** Slack for the log line written just after the pause ended. */
    private static final long SLACK_MICROS = 200;

    public static void main(String[] args) throws IOException {
        if (!Files.exists(Path.of(args[0]))) {
            System.out.println("pauses=— pause_ms=— slowest=— slowest_paused=— p99_ms=— p99_unpaused_ms=—");
            return;
        }
        List<long[]> pauses = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Matcher m = SAFEPOINT.matcher(line);
            if (m.find()) {
                long end = Long.parseLong(m.group(1)) / 1000;
                pauses.add(new long[] {end - Long.parseLong(m.group(2)) / 1000, end + SLACK_MICROS});
            }
        }
        List<long[]> requests = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            for (String line : Files.readAllLines(Path.of(args[i]))) {
                String[] f = line.split(" ");
                requests.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
            }
        }
        if (requests.isEmpty()) {
            System.out.println("pauses=— pause_ms=— slowest=— slowest_paused=— p99_ms=— p99_unpaused_ms=—");
            return;
        }
        long first = requests.stream().mapToLong(r -> r[0]).min().orElseThrow();
        long last = requests.stream().mapToLong(r -> r[0] + r[1]).max().orElseThrow();
        int during = 0;
        long pausedMicros = 0;
        for (long[] p : pauses) {
            if (p[1] > first && p[0] < last) {
                during++;
                pausedMicros += p[1] - SLACK_MICROS - p[0];
            }
        }
        requests.sort(Comparator.comparingLong(r -> r[1]));
        List<Long> unpaused = new ArrayList<>();
        for (long[] r : requests) {
            if (!touched(r, pauses)) {
                unpaused.add(r[1]);
            }
        }
        int slowest = Math.max(1, requests.size() / 100);
        int slowestPaused = 0;
        for (int i = requests.size() - slowest; i < requests.size(); i++) {
            if (touched(requests.get(i), pauses)) {
                slowestPaused++;
            }
        }
        System.out.printf("pauses=%d pause_ms=%.1f slowest=%d slowest_paused=%d p99_ms=%.2f p99_unpaused_ms=%.2f%n",
                during, pausedMicros / 1000.0, slowest, slowestPaused, p99(requests.stream().map(r -> r[1]).toList()),
                p99(unpaused));
    }

    private static boolean touched(long[] request, List<long[]> pauses) {
        for (long[] p : pauses) {
            if (p[1] > request[0] && p[0] < request[0] + request[1]) {
                return true;
            }
        }
        return false;
    }

    /** The 99th percentile of sorted latencies in micros, in ms (the same rank as Load.java's). */
    private static double p99(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(0.99 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
    }
}
