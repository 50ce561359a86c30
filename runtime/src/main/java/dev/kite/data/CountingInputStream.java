package dev.kite.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.micrometer.core.instrument.Counter;

/** A stream that adds the bytes read through it to a counter. */
final class CountingInputStream extends FilterInputStream {

    private final Counter counter;

    CountingInputStream(InputStream in, Counter counter) {
        super(in);
        this.counter = counter;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counter.increment();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counter.increment(n);
        }
        return n;
    }
}
