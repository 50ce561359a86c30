import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * bench/floor answers the {@code wait} request the same way, without Kite. A third mode, {@code get},
 * GETs BASE_URL itself (a listing URL with its query; BODY is ignored) and counts a 200 as a success:
 * bench/history.sh times the listings with it.
 * Prints one line: executions/s, p50 and p99 of submit→end in ms, failures, and how many warm-up
 * requests went first. With LATENCY_LOG=FILE in the environment it also writes each timed request
 * to FILE as one line, {@code START_MICROS LATENCY_MICROS}, the start on the monotonic clock that
 * {@code System.nanoTime()} reads in every JVM of the machine (bench/Pauses.java sets them against
 * the server's JVM pauses, logged on that clock).
 *
 * <p>A load client measures itself too unless it keeps out of the way:
 * <ul>
 * <li>Each client is one thread on one kept-alive connection, writing its request and blocking in
 * {@code read} for the answer (HTTP/1.1 by hand, Content-Length or chunked). The JDK's HttpClient
 * hands every exchange between three threads (caller, selector, executor), and on two shared cores
 * each hand-off waited for a core: that was in the latencies of the floor and of Kite alike.</li>
 * <li>In a fresh JVM the first request takes tens of ms and the next few run interpreted, so WARMUP
 * requests (default 0) go first from the same clients, over the same connections, neither timed nor
 * counted in {@code ok}.</li>
 * <li>Its own garbage collections would land in the latencies as well; bench/lib.sh runs it with a
 * young generation large enough that a run does not collect.</li>
 * </ul>
 *
 * Usage: java Load.java BASE_URL N C 'SUBMIT_BODY_JSON' [poll|wait|get] [WARMUP]
 */
public class Load {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern PHASE = Pattern.compile("\"phase\"\\s*:\\s*\"([A-Z_]+)\"");

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        int c = Integer.parseInt(args[2]);
        byte[] body = args[3].getBytes(StandardCharsets.UTF_8);
        String mode = args.length > 4 ? args[4] : "poll";
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        String auth = "Bearer " + System.getenv("KITE_KEY");
        ExecutorService drivers = Executors.newFixedThreadPool(c);
        ThreadLocal<Http1> connections = ThreadLocal.withInitial(() -> new Http1(base, auth));
        String target = base.getRawPath() + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery());
        Request request = switch (mode) {
            case "wait" -> () -> submitAndWait(connections.get(), body);
            case "get" -> () -> connections.get().exchange("GET", target, null).status() == 200;
            default -> () -> submitThenRead(connections.get(), body);
        };
        int warmed = drive(drivers, c, warmup, request, connections, null).ok;
        List<long[]> timed = Collections.synchronizedList(new ArrayList<>(n));
        long start = System.nanoTime();
        int failed = drive(drivers, c, n, request, connections, timed).failed;
        double seconds = (System.nanoTime() - start) / 1e9;
        drivers.shutdownNow();
        List<Long> sorted = new ArrayList<>(timed.size());
        StringBuilder log = new StringBuilder();
        for (long[] t : timed) {
            sorted.add(t[1]);
            log.append(t[0] / 1000).append(' ').append(t[1] / 1000).append('\n');
        }
        Collections.sort(sorted);
        String logFile = System.getenv("LATENCY_LOG");
        if (logFile != null && !logFile.isEmpty()) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(logFile), log);
        }
        System.out.printf("throughput=%.1f p50_ms=%.2f p99_ms=%.2f ok=%d failed=%d seconds=%.2f warm=%d%n",
                sorted.size() / seconds, pct(sorted, 0.50), pct(sorted, 0.99), sorted.size(), failed, seconds, warmed);
    }

    private interface Request {
        /** One request (or the two of submit then wait); true when the execution SUCCEEDED. */
        boolean send() throws Exception;
    }

    private record Counts(int ok, int failed) {}

    /**
     * Sends COUNT requests from C concurrent clients; records each success's start (nanoTime) and
     * latency (ns) when TIMED is given. A client whose request failed starts a new connection for its next.
     */
    private static Counts drive(ExecutorService drivers, int c, int count, Request request, ThreadLocal<Http1> connections,
            List<long[]> timed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            clients.add(drivers.submit(() -> {
                while (next.getAndIncrement() < count) {
                    long t0 = System.nanoTime();
                    try {
                        if (!request.send()) {
                            failed.incrementAndGet();
                            continue;
                        }
                        if (timed != null) {
                            timed.add(new long[] {t0, System.nanoTime() - t0});
                        }
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        connections.get().close();
                        connections.remove();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        return new Counts(ok.get(), failed.get());
    }

    /** Two round trips: submit (202), then read with a server-side wait; true when it SUCCEEDED. */
    private static boolean submitThenRead(Http1 http, byte[] body) throws IOException {
        Http1.Response submitted = http.exchange("POST", "/api/v1/executions", body);
        Matcher m = ID.matcher(submitted.body());
        if (submitted.status() != 202 || !m.find()) {
            return false;
        }
        return succeeded(http.exchange("GET", "/api/v1/executions/" + m.group(1) + "?wait=30", null));
    }

    /** One round trip: submit-and-wait answers 200 with the ended execution; true when it SUCCEEDED. */
    private static boolean submitAndWait(Http1 http, byte[] body) throws IOException {
        Http1.Response done = http.exchange("POST", "/api/v1/executions?wait=30s", body);
        return done.status() == 200 && succeeded(done);
    }

    private static boolean succeeded(Http1.Response r) {
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

    /** One kept-alive HTTP/1.1 connection, used by one thread: a request written, its answer read. */
    private static final class Http1 {
        record Response(int status, String body) {}

        private final URI base;
        private final String auth;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Http1(URI base, String auth) {
            this.base = base;
            this.auth = auth;
        }

        Response exchange(String method, String path, byte[] body) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                // an answer that stalls fails its request instead of hanging the run
                socket.setSoTimeout(60_000);
                socket.connect(new InetSocketAddress(base.getHost(), port()), 5000);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
                out = socket.getOutputStream();
            }
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(port()).append("\r\n")
                    .append("Authorization: ").append(auth).append("\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = body == null ? h : java.util.Arrays.copyOf(h, h.length + body.length);
            if (body != null) {
                System.arraycopy(body, 0, request, h.length, body.length);
            }
            out.write(request);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closes = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    closes = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    body.write(exactly(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                body.write(exactly((int) length));
            } else {
                throw new IOException("an answer without Content-Length or chunked encoding");
            }
            if (closes) {
                close();
                socket = null;
            }
            return new Response(code, body.toString(StandardCharsets.UTF_8));
        }

        /** The next n bytes of the answer; a connection that closes before them fails the request. */
        private byte[] exactly(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new java.io.EOFException("the connection closed " + (n - bytes.length) + " bytes before the end of the answer");
            }
            return bytes;
        }

        private int port() {
            return base.getPort() < 0 ? 80 : base.getPort();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }
}
