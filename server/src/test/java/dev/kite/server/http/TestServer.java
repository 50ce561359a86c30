package dev.kite.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A real HTTP server for the http task tests, on its own Vert.x: replies come from a function the
 * test sets, every request is recorded, and the number of requests in flight is measured.
 */
public final class TestServer implements AutoCloseable {

    /** A request as the server received it. */
    public record Received(String method, String path, String query, MultiMap params, MultiMap headers, String body, long atMillis) {

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** A reply; {@code delayMillis} holds the request in flight before answering. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, 0);
        }

        static Reply status(int status) {
            return new Reply(status, Map.of(), "", 0);
        }

        Reply delayed(long millis) {
            return new Reply(status, headers, body, millis);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final String host;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Function<Received, Reply> handler = r -> Reply.status(404);
    private final List<Runnable> gated = new ArrayList<>();
    private boolean gateClosed;

    private TestServer(String host) throws Exception {
        this.host = host;
        this.server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            Received r = new Received(req.method().name(), req.path(), req.query(), MultiMap.caseInsensitiveMultiMap().addAll(req.params()),
                    MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString(), System.currentTimeMillis());
            received.add(r);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Reply reply;
            try {
                reply = handler.apply(r);
            } catch (RuntimeException e) {
                reply = Reply.json(500, "{\"detail\": \"test handler failed: " + e + "\"}");
            }
            Reply answer = reply;
            Runnable respond = () -> {
                inFlight.decrementAndGet();
                answer.headers().forEach(req.response()::putHeader);
                req.response().setStatusCode(answer.status()).end(answer.body());
            };
            Runnable later = () -> {
                if (answer.delayMillis() > 0) {
                    vertx.setTimer(answer.delayMillis(), t -> respond.run());
                } else {
                    respond.run();
                }
            };
            Context context = Vertx.currentContext();
            synchronized (gated) {
                if (gateClosed) {
                    gated.add(() -> context.runOnContext(v -> later.run()));
                    return;
                }
            }
            later.run();
        })).listen(0, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A server listening on {@code host} (any loopback address) and a free port. */
    public static TestServer start(String host) throws Exception {
        return new TestServer(host);
    }

    public void handle(Function<Received, Reply> handler) {
        this.handler = handler;
    }

    public String url(String path) {
        return "http://" + host + ":" + server.actualPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> which) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (which.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Waits (bounded) until at least {@code n} requests matching {@code which} arrived. */
    List<Received> awaitReceived(Predicate<Received> which, int n) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<Received> got = received(which);
            if (got.size() >= n) {
                return got;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " matching requests arrived within 10 s; got " + received());
    }

    /** Holds every answer until {@link #openGate()}. */
    void closeGate() {
        synchronized (gated) {
            gateClosed = true;
        }
    }

    /** Lets the held answers go. */
    void openGate() {
        List<Runnable> held;
        synchronized (gated) {
            gateClosed = false;
            held = new ArrayList<>(gated);
            gated.clear();
        }
        held.forEach(Runnable::run);
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    void reset() {
        received.clear();
        maxInFlight.set(0);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
