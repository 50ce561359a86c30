package dev.kite.server.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a server that can hold its answers: while held, the server's bytes
 * wait in the proxy until {@link #release()}. Makes a store "slow" for as long as a test needs,
 * without timing.
 */
final class HeldProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstream;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    HeldProxy(int upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "held-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** From now on, answers wait. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Answers flow again, the waiting ones first. */
    void release() {
        gate.countDown();
    }

    /** How many answers have waited at the gate so far. */
    int heldAnswers() {
        return held.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstream);
                pump(client.getInputStream(), server.getOutputStream(), false, client, server);
                pump(server.getInputStream(), client.getOutputStream(), true, client, server);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean answers, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (a; b) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    CountDownLatch g = gate;
                    if (answers && g.getCount() > 0) {
                        held.incrementAndGet();
                        g.await();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a side closed
            }
        }, "held-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        release();
        listener.close();
    }
}
