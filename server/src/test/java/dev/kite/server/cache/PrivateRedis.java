package dev.kite.server.cache;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A redis-server of the test's own, on a free port, that a test may stop and start again (the
 * shared Redis on 6379 is never touched). Kite is pointed at it, with a short circuit-breaker
 * delay so that recovery is seen within a test. Inject it with {@link InjectPrivateRedis}.
 */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running {@link PrivateRedis}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectPrivateRedis {
    }

    private int port;
    private Process process;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for a private Redis", e);
        }
        launch();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port,
                "kite.cache.breaker.delay", "1s");
    }

    @Override
    public void stop() {
        halt();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(InjectPrivateRedis.class, PrivateRedis.class));
    }

    public int port() {
        return port;
    }

    /** Starts redis-server on this resource's port and waits until it answers PING. */
    public synchronized void launch() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/private-redis.log")))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server (is it installed?)", e);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > until) {
                throw new IllegalStateException("the private redis-server on port " + port
                        + " did not come up; see server/target/private-redis.log");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for redis-server", e);
            }
        }
    }

    /** Freezes redis-server (SIGSTOP): connections stay open, nothing is answered. */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** Lets a frozen redis-server go on (SIGCONT). */
    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int rc = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + rc);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops redis-server and waits until it is gone. */
    public synchronized void halt() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            signal("CONT"); // a frozen server would not act on SIGTERM
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }
}
