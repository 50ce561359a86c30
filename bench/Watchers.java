import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * The watchers of bench/sse.sh (a benchmark tool, not a test).
 *
 * <pre>
 * java bench/Watchers.java hold PORT
 *     a job server that never finishes a job: POST /jobs answers {"id": "j"}, GET /jobs/j
 *     {"state": "RUNNING"}, DELETE 200; the executions of bench-hold stay RUNNING on it
 * java bench/Watchers.java watch BASE_URL PROJECT PROJECT_WATCHERS IDS_FILE
 *     PROJECT_WATCHERS streams of the project (GET /api/v1/executions/stream?project=…) and one
 *     follower (GET /api/v1/executions/{id}/events?follow=true) per id of IDS_FILE; prints
 *     "ready N" once every stream answered 200, and on SIGTERM the events each kind received
 * </pre>
 * The API key is KITE_KEY.
 */
public class Watchers {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("hold")) {
            hold(Integer.parseInt(args[1]));
        } else {
            watch(args[1], args[2], Integer.parseInt(args[3]), Files.readAllLines(Path.of(args[4])));
        }
    }

    private static void hold(int port) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/jobs", exchange -> {
            String method = exchange.getRequestMethod();
            byte[] body = (method.equals("POST") ? "{\"id\": \"j\"}" : "{\"state\": \"RUNNING\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(method.equals("POST") ? 201 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("holding on " + port);
    }

    private static void watch(String base, String project, int projectWatchers, List<String> ids) throws Exception {
        String auth = "Bearer " + System.getenv("KITE_KEY");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < projectWatchers; i++) {
            paths.add("/api/v1/executions/stream?project=" + project);
        }
        for (String id : ids) {
            if (!id.isBlank()) {
                paths.add("/api/v1/executions/" + id.strip() + "/events?follow=true");
            }
        }
        CountDownLatch ready = new CountDownLatch(paths.size());
        AtomicInteger refused = new AtomicInteger();
        AtomicLong projectEvents = new AtomicLong();
        AtomicLong followerEvents = new AtomicLong();
        AtomicLong comments = new AtomicLong();
        for (String path : paths) {
            boolean follower = path.contains("/events");
            Thread t = new Thread(() -> {
                try {
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                            .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() != 200) {
                        refused.incrementAndGet();
                    }
                    ready.countDown();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("event:")) {
                                (follower ? followerEvents : projectEvents).incrementAndGet();
                            } else if (line.startsWith(":")) {
                                comments.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                    ready.countDown();
                }
            }, "watcher");
            t.setDaemon(true);
            t.start();
        }
        ready.await();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
                "project_events=%d follower_events=%d keep_alives=%d%n", projectEvents.get(), followerEvents.get(), comments.get())));
        System.out.println("ready " + (paths.size() - refused.get()) + " refused=" + refused.get());
        Thread.sleep(Long.MAX_VALUE);
    }
}
