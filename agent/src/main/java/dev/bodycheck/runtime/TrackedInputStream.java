package dev.bodycheck.runtime;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the application gets instead of a {@code java.net.http} {@code ofInputStream()} body: the client
 * keeps its own stream reachable until the body is delivered, so only a wrapper that the application
 * alone holds can be found dropped. Every call goes through to the client's stream.
 */
final class TrackedInputStream extends InputStream {
    private final InputStream in;

    TrackedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            Tracker.read(this, 1);
        } else {
            Tracker.consumed(this);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            Tracker.read(this, n);
        } else if (n < 0) {
            Tracker.consumed(this);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        Tracker.closed(this);
        in.close();
    }
}
