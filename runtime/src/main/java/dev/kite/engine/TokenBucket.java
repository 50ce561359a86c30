package dev.kite.engine;

/** A per-process rate limit: {@code rate} tokens a second, bursts up to {@code rate}. */
final class TokenBucket {

    private final double rate;
    private double tokens;
    private long last = System.nanoTime();

    TokenBucket(int ratePerSecond) {
        this.rate = Math.max(1, ratePerSecond);
        this.tokens = this.rate;
    }

    /** Takes a token: 0 when granted, else the milliseconds to wait before asking again. */
    synchronized long take() {
        long now = System.nanoTime();
        tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / rate * 1000));
    }
}
