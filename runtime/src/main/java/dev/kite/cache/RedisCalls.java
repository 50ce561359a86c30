package dev.kite.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Timer;

import dev.kite.fault.CallTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import dev.kite.config.KiteConfig;

/**
 * The cache's own Redis client, on an event loop of its own. The cache's calls are not queued
 * behind the work of the HTTP and engine event loops: a call is sent, answered, timed and judged
 * on this loop, and only its outcome is handed back to the caller's context. So a reply that came
 * in time is never taken for a timeout because the caller's loop was busy, and the connections
 * of the pool are given back as soon as their answer is read, whatever the load of the process.
 *
 * <p>Every call is bounded by {@code kite.cache.call-timeout}, measured on this loop from the
 * moment the call is issued to the moment its answer is read, and goes through one circuit
 * breaker, {@link RedisHealth} (decision 0018). A call keeps listening for its answer after its
 * caller gave up: a late answer is a sign of life. Latencies are recorded in
 * {@code kite_redis_call_seconds{command, outcome=answered|late|failed|timeout}}, from which the
 * timeout is sized.
 */
@Startup // its event loop is made at start-up, not on an event loop of the application
@ApplicationScoped
public class RedisCalls {

    private static final Logger LOG = Logger.getLogger(RedisCalls.class);

    @Inject
    KiteConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.redis.hosts")
    List<String> hosts;

    @ConfigProperty(name = "quarkus.redis.password")
    Optional<String> password;

    private Vertx own;
    private Redis client;
    private RedisHealth health;
    private CallTimes times;

    @PostConstruct
    void init() {
        KiteConfig.Cache cache = config.cache();
        KiteConfig.Cache.Breaker b = cache.breaker();
        health = new RedisHealth(b.window(), b.failureRatio(), b.period(), b.silence(), b.delay(), System::nanoTime);
        own = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        RedisOptions options = new RedisOptions().setConnectionString(hosts.get(0).trim())
                .setMaxPoolSize(cache.connections()).setMaxPoolWaiting(cache.maxWaitingCalls())
                .setMaxWaitingHandlers(cache.maxWaitingCalls());
        password.ifPresent(options::setPassword);
        client = Redis.createClient(own, options);
        times = new CallTimes(registry, "kite_redis_call",
                "Redis commands of the cache by command and outcome (answered, late, failed, timeout), from issue to answer or timeout");
    }

    private Timer timer(String command, String outcome) {
        return times.timer("command", command, "outcome", outcome);
    }

    @PreDestroy
    void close() {
        if (own != null) {
            client.close();
            own.close();
        }
    }

    /** The breaker's judgement: false while Redis is judged down. */
    boolean reachable() {
        return health.reachable();
    }

    /**
     * Sends one command; the answer ({@code null} for a nil reply) or a
     * {@link CacheUnavailableException} comes on the caller's Vert.x context (or one of the
     * application's when the caller has none).
     */
    Uni<Response> call(String command, String... args) {
        return Uni.createFrom().emitter(em -> {
            Context caller = Vertx.currentContext();
            Context back = caller != null && caller.owner() != own ? caller : vertx.getOrCreateContext();
            own.runOnContext(v -> send(command, args, new Reply(back, em::complete, em::fail)));
        });
    }

    /** Where and how an outcome goes back; settled once, by the answer or by the timeout. */
    private static final class Reply {
        private final Context back;
        private final java.util.function.Consumer<Response> ok;
        private final java.util.function.Consumer<Throwable> ko;
        private boolean settled;

        Reply(Context back, java.util.function.Consumer<Response> ok, java.util.function.Consumer<Throwable> ko) {
            this.back = back;
            this.ok = ok;
            this.ko = ko;
        }

        /** Only on the cache's loop, so no lock is needed. */
        boolean settle() {
            if (settled) {
                return false;
            }
            settled = true;
            return true;
        }

        void complete(Response r) {
            back.runOnContext(v -> ok.accept(r));
        }

        void fail(Throwable f) {
            back.runOnContext(v -> ko.accept(f));
        }
    }

    /** On the cache's loop: the breaker, the command, its timeout. */
    private void send(String command, String[] args, Reply reply) {
        RedisHealth.State before = health.state();
        if (!health.permit()) {
            reply.fail(new CacheUnavailableException("Redis is treated as unavailable after repeated failures (circuit "
                    + "breaker open; the next call is tried after " + config.cache().breaker().delay() + ")"));
            return;
        }
        Duration timeout = config.cache().callTimeout();
        long issued = System.nanoTime();
        Request request = Request.cmd(Command.create(command));
        for (String a : args) {
            request.arg(a);
        }
        long timer = own.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (reply.settle()) {
                timer(command, "timeout").record(System.nanoTime() - issued, TimeUnit.NANOSECONDS);
                health.failed(false);
                if (before != RedisHealth.State.CLOSED) {
                    LOG.debugf("Redis trial call %s timed out", command);
                }
                reply.fail(new CacheUnavailableException("Redis did not answer " + command + " within " + timeout, true));
            }
        });
        // the call is not cancelled when its caller stops waiting: its answer, however late,
        // tells the breaker that Redis lives
        client.send(request).onComplete(ar -> {
            long took = System.nanoTime() - issued;
            boolean inTime = reply.settle();
            if (inTime) {
                own.cancelTimer(timer);
            }
            if (!inTime) {
                LOG.debugf("Redis answered %s after %d ms, past its timeout of %s", command, took / 1_000_000, timeout);
            }
            if (ar.succeeded()) {
                health.answered();
                timer(command, inTime ? "answered" : "late").record(took, TimeUnit.NANOSECONDS);
                if (inTime) {
                    reply.complete(ar.result());
                }
                return;
            }
            Throwable f = ar.cause();
            if (f.getClass().getSimpleName().equals("ErrorType")) {
                health.answered(); // Redis answered with an error reply: alive
            } else if (!busy(f)) {
                health.failed(true); // a refused, reset or closed connection
            }
            timer(command, "failed").record(took, TimeUnit.NANOSECONDS);
            if (inTime) {
                reply.fail(new CacheUnavailableException("Redis " + command + " failed: " + f, busy(f)));
            }
        });
    }

    /** This process has more calls waiting for a connection than it allows: congestion here, not in Redis. */
    private static boolean busy(Throwable f) {
        return f.getClass().getSimpleName().equals("ConnectionPoolTooBusyException");
    }
}
