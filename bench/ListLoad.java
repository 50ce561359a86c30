import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Latency of one listing request (a benchmark tool, not a test): GETs the URL K times in a row
 * from one client after a warm-up of K/5 and prints one line with p50 and p99 in ms and the
 * number of answers that were not 200.
 *
 * Usage: java ListLoad.java URL K
 */
public class ListLoad {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int k = Integer.parseInt(args[1]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + System.getenv("KITE_KEY"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        for (int i = 0; i < Math.max(1, k / 5); i++) {
            http.send(get, HttpResponse.BodyHandlers.discarding());
        }
        long[] ns = new long[k];
        int failed = 0;
        for (int i = 0; i < k; i++) {
            long t0 = System.nanoTime();
            HttpResponse<Void> r = http.send(get, HttpResponse.BodyHandlers.discarding());
            ns[i] = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                failed++;
            }
        }
        Arrays.sort(ns);
        System.out.printf("p50_ms=%.2f p99_ms=%.2f failed=%d%n", ns[k / 2] / 1e6, ns[(int) Math.min(k - 1, Math.ceil(k * 0.99) - 1)] / 1e6, failed);
    }
}
