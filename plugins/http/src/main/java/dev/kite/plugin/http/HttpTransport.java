package dev.kite.plugin.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;

import dev.kite.spi.OperationSettings;
import dev.kite.spi.Backoff;
import dev.kite.model.RetryBackoff;
import dev.kite.spi.TaskError;

/**
 * Sends the requests of the http task types, non-blocking, with the Vert.x web client. In order:
 * resolve the host (every address) and check it against the {@link AddressPolicy}; pass the host's
 * circuit breaker; wait for a token of its rate limit and a slot of its concurrency quota
 * ({@link HostQuotas}); send to the checked address, redirects not followed, the body read up to
 * the size cap, within the timeout and the attempt's deadline; classify anything but a 2xx
 * ({@link HttpErrors}). Every failure ends as an {@link HttpFailure} whose message holds no secret.
 */
@ApplicationScoped
public class HttpTransport {

    /**
     * One call's bounds.
     *
     * @param timeout  longest the request may take
     * @param deadline the attempt's deadline: no wait or request goes past it
     * @param maxBytes largest response body read
     * @param tls      TLS options
     */
    record Call(Duration timeout, Instant deadline, int maxBytes, HttpTls tls, dev.kite.spi.TaskTrace trace) {
    }

    @Inject
    HttpConfig config;

    @Inject
    OperationSettings guards;

    @Inject
    Vertx vertx;

    @Inject
    HostQuotas quotas;

    @Inject
    HostBreakers breakers;

    private volatile AddressPolicy policy;
    private volatile TrustFiles trustFiles;
    private final Map<HttpTls, WebClient> clients = new ConcurrentHashMap<>();

    @PreDestroy
    void close() {
        clients.values().forEach(WebClient::close);
    }

    /** The address policy from {@code kite.http.allowed-*}; an invalid setting throws, naming it. */
    AddressPolicy policy() {
        AddressPolicy p = policy;
        if (p == null) {
            try {
                p = new AddressPolicy(config.allowedHosts().orElse(List.of()), config.allowedNetworks().orElse(List.of()),
                        config.allowListOnly());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("kite.http.allowed-networks: " + e.getMessage(), e);
            }
            policy = p;
        }
        return p;
    }

    /** The files a task may name, from {@code kite.http.file-roots}. */
    TrustFiles trustFiles() {
        TrustFiles t = trustFiles;
        if (t == null) {
            t = new TrustFiles(config.fileRoots().orElse(List.of()));
            trustFiles = t;
        }
        return t;
    }

    /** Sends once. A non-2xx answer or any trouble fails with an {@link HttpFailure}. */
    Uni<HttpReply> send(OutgoingRequest req, Call call) {
        String rawHost = req.uri().getHost();
        String host = (rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1) : rawHost)
                .toLowerCase(Locale.ROOT);
        int port = req.port();
        String hostKey = host + ":" + port;
        return resolve(host, req)
                .map(addresses -> {
                    String refusal = policy().refusal(host, addresses);
                    if (refusal != null) {
                        throw HttpFailure.user("HTTP_BLOCKED_HOST", req.description() + ": " + refusal);
                    }
                    return addresses.get(0);
                })
                .call(() -> call.tls().caPath() == null ? Uni.createFrom().voidItem()
                        : trustFiles().certificates(vertx, call.tls().caPath()))
                .chain(address -> breakers.<HttpReply>guarded(hostKey, () -> limited(req, call, host, port, address)))
                .onFailure().transform(f -> HttpErrors.scrub(classify(f, req), req.secrets()));
    }

    /**
     * Sends, retrying in place (up to {@code kite.http.operation-retries}, with Kite's backoff)
     * what may pass at once: connection errors, timeouts, 5xx. For the operations of a job.
     */
    Uni<HttpReply> sendRetrying(OutgoingRequest req, Call call) {
        return retrying(req, call, 0, new SplittableRandom());
    }

    private Uni<HttpReply> retrying(OutgoingRequest req, Call call, int tries, SplittableRandom random) {
        return send(req, call).onFailure(f -> f instanceof HttpFailure hf && hf.retryInPlace() && tries < config.operationRetries())
                .recoverWithUni(f -> {
                    Duration wait = Backoff.delay(guards.retryBackoff(), tries, random);
                    if (Instant.now().plus(wait).isAfter(call.deadline())) {
                        return Uni.createFrom().failure(f);
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> retrying(req, call, tries + 1, random));
                });
    }

    private HttpFailure classify(Throwable f, OutgoingRequest req) {
        if (f instanceof CircuitBreakerOpenException) {
            Duration delay = guards.circuitBreaker().delay();
            return new HttpFailure(TaskError.system("HTTP_CIRCUIT_OPEN", req.description()
                    + ": requests to this host are suspended after repeated failures (circuit breaker open for "
                    + delay.toSeconds() + " s)").withRetryAfter(delay), false, false);
        }
        return HttpErrors.forThrowable(f, req.description());
    }

    private Uni<List<InetAddress>> resolve(String host, OutgoingRequest req) {
        String ambiguous = AddressPolicy.ambiguousIpv4(host);
        if (ambiguous != null) {
            return Uni.createFrom().failure(HttpFailure.user("HTTP_BLOCKED_HOST", req.description() + ": " + ambiguous));
        }
        if (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            try {
                return Uni.createFrom().item(List.of(InetAddress.getByName(host))); // a literal: no lookup
            } catch (UnknownHostException e) {
                return Uni.createFrom().failure(HttpFailure.user("HTTP_BAD_URL", req.description() + ": not a valid address"));
            }
        }
        // name lookups block: run them on a worker thread, unordered so that they do not queue
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return Arrays.asList(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw HttpFailure.host(TaskError.system("HTTP_DNS", req.description() + ": the host name does not resolve"));
            }
        }), false);
    }

    private Uni<HttpReply> limited(OutgoingRequest req, Call call, String host, int port, InetAddress address) {
        HostQuotas.Limits limits = quotas.limitsFor(host, port);
        return quotas.token(limits, call.deadline())
                .chain(() -> quotas.slot(limits, call.deadline()))
                .chain(slot -> exchange(req, call, port, address, slot));
    }

    private Uni<HttpReply> exchange(OutgoingRequest req, Call call, int port, InetAddress address, HostQuotas.Slot slot) {
        long ms = Math.min(call.timeout().toMillis(), Duration.between(Instant.now(), call.deadline()).toMillis());
        if (ms <= 0) {
            slot.release();
            return Uni.createFrom().failure(new TimeoutException("the attempt's deadline has passed"));
        }
        // the capped codec is a core codec: the body arrives as a core Buffer
        HttpRequest<Buffer> request;
        dev.kite.spi.TaskTrace.Span span = call.trace().span("HTTP " + req.method())
                .attribute("http.request.method", req.method()).attribute("server.port", port)
                .attribute("url.full", req.description());
        try {
            request = client(call.tls())
                    .requestAbs(HttpMethod.valueOf(req.method()), SocketAddress.inetSocketAddress(port, address.getHostAddress()),
                            req.uri().toASCIIString())
                    .timeout(ms)
                    .connectTimeout(Math.min(ms, config.connectTimeout().toMillis()))
                    .followRedirects(false)
                    .as(BodyCodec.newInstance(new CappedBody(call.maxBytes())));
            for (Map.Entry<String, String> h : req.headers()) {
                request.putHeader(h.getKey(), h.getValue());
            }
            if (!req.hasHeader("traceparent")) {
                // the remote service joins the execution's trace (W3C trace context)
                span.traceparent().ifPresent(tp -> request.putHeader("traceparent", tp));
            }
        } catch (RuntimeException e) {
            slot.release();
            span.failed(e);
            span.close();
            return Uni.createFrom().failure(e);
        }
        Uni<HttpResponse<Buffer>> sent = req.body() == null ? request.send() : request.sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(req.body()));
        // Subscribed apart from the caller: when the caller goes away (abort, attempt timeout), the
        // exchange still runs to its own end (bounded by the request timeout) and only then gives
        // its slot back, so the quota counts what the remote host really serves.
        return Uni.createFrom().<HttpResponse<Buffer>>emitter(em -> sent.subscribe().with(
                        r -> {
                            slot.release();
                            em.complete(r);
                        },
                        f -> {
                            slot.release();
                            em.fail(f);
                        }))
                .ifNoItem().after(Duration.ofMillis(ms + 250)).failWith(() -> new TimeoutException("no response within " + ms + " ms"))
                .map(r -> reply(r, req))
                .invoke(reply -> span.attribute("http.response.status_code", reply.status()))
                .onTermination().invoke((reply, f, cancelled) -> {
                    if (f != null) {
                        span.failed(f);
                    }
                    span.close();
                })
                .chain(reply -> reply.status() >= 200 && reply.status() < 300 ? Uni.createFrom().item(reply)
                        : Uni.createFrom().failure(HttpErrors.forStatus(reply, config.maxRetryAfter())));
    }

    private static HttpReply reply(HttpResponse<Buffer> r, OutgoingRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : r.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        Buffer body = r.body();
        return new HttpReply(r.statusCode(), r.statusMessage(), headers, body == null ? new byte[0] : body.getBytes(),
                req.description());
    }

    private WebClient client(HttpTls tls) {
        return clients.computeIfAbsent(tls, t -> {
            WebClientOptions options = new WebClientOptions()
                    .setFollowRedirects(false)
                    .setUserAgent("kite")
                    .setKeepAlive(true)
                    .setDecompressionSupported(true)
                    .setMaxPoolSize(config.maxConnectionsPerHost())
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                    .setTrustAll(t.trustAll())
                    .setVerifyHost(!t.trustAll() && t.verifyHost());
            if (t.caPath() != null) {
                options.setPemTrustOptions(new PemTrustOptions().addCertValue(trustFiles().loaded(t.caPath())));
            }
            return WebClient.create(vertx, options);
        });
    }
}
