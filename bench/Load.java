import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kite's load generator (a benchmark tool, not a test). Submits N executions over REST from C
 * concurrent clients, in one of two modes: {@code poll} (the default: each client submits, then
 * reads the execution with a server-side wait, two round trips) or {@code wait} (one round trip:
 * POST /api/v1/executions?wait=30s answers with the ended execution). The floor app of
 * bench/floor answers the {@code wait} request the same way, without Kite.
 * Prints one line: executions/s, p50 and p99 of submit→end in ms, and failures.
 *
 * Usage: java Load.java BASE_URL N C 'SUBMIT_BODY_JSON' [poll|wait]
 */
public class Load {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern PHASE = Pattern.compile("\"phase\"\\s*:\\s*\"([A-Z_]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        int c = Integer.parseInt(args[2]);
        String body = args[3];
        boolean oneTrip = args.length > 4 && args[4].equals("wait");
        String auth = "Bearer " + System.getenv("KITE_KEY");
        ExecutorService pool = Executors.newFixedThreadPool(c);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(n));
        List<Future<?>> clients = new ArrayList<>();
        ExecutorService drivers = Executors.newFixedThreadPool(c);
        long start = System.nanoTime();
        for (int i = 0; i < c; i++) {
            clients.add(drivers.submit(() -> {
                while (next.getAndIncrement() < n) {
                    long t0 = System.nanoTime();
                    try {
                        if (!(oneTrip ? submitAndWait(http, base, auth, body) : submitThenRead(http, base, auth, body))) {
                            failed.incrementAndGet();
                            continue;
                        }
                        latencies.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        drivers.shutdown();
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("throughput=%.1f p50_ms=%.2f p99_ms=%.2f ok=%d failed=%d seconds=%.2f%n",
                sorted.size() / seconds, pct(sorted, 0.50), pct(sorted, 0.99), sorted.size(), failed.get(), seconds);
    }

    /** Two round trips: submit (202), then read with a server-side wait; true when it SUCCEEDED. */
    private static boolean submitThenRead(HttpClient http, String base, String auth, String body) throws Exception {
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ID.matcher(submitted.body());
        if (submitted.statusCode() != 202 || !m.find()) {
            return false;
        }
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions/" + m.group(1) + "?wait=30"))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        return succeeded(done);
    }

    /** One round trip: submit-and-wait answers 200 with the ended execution; true when it SUCCEEDED. */
    private static boolean submitAndWait(HttpClient http, String base, String auth, String body) throws Exception {
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions?wait=30s"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return done.statusCode() == 200 && succeeded(done);
    }

    private static boolean succeeded(HttpResponse<String> r) {
        Matcher p = PHASE.matcher(r.body());
        return p.find() && p.group(1).equals("SUCCEEDED");
    }

    private static double pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
}
