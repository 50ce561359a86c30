import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OpenTelemetry collector for the benchmark with tracing on: accepts OTLP over HTTP
 * ({@code POST /v1/traces}, protobuf), reads the body, answers 200 with an empty (valid) export
 * response and keeps nothing. Prints the requests and bytes it took when stopped.
 *
 *   java bench/NoopCollector.java 4318
 */
public class NoopCollector {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "4318");
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bytes.addAndGet(in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            requests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("collector: " + requests.get() + " export requests, " + bytes.get() + " bytes")));
        server.start();
        System.out.println("collector listening on " + port);
    }
}
