package dev.bodycheck.runtime;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the application gets instead of a stream that its library keeps reachable until the body is
 * delivered (a {@code java.net.http} {@code ofInputStream()} body, {@link Tracker#handOver}): only a
 * wrapper that the application alone holds can be found dropped. Every call goes through to the client's
 * stream; reads and the end go to the wrapper's own handle, with no lookup.
 */
final class TrackedInputStream extends InputStream implements HasBodyRef {
    private final InputStream in;
    /** Set when the wrapper is opened; null if it is not tracked. It is the record the wrapper holds. */
    BodyRef handle;

    @Override
    public BodyRef bodycheck$ref() {
        return handle;
    }

    @Override
    public void bodycheck$ref(BodyRef ref) {
        handle = ref;
    }

    TrackedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        counted(b >= 0 ? 1 : -1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        counted(n);
        return n;
    }

    private void counted(int n) {
        BodyRef h = handle;
        if (h != null) {
            if (n > 0) {
                h.read(n);
            } else if (n < 0) {
                h.consumed();
            }
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        BodyRef h = handle;
        if (h != null) {
            h.closed();
        }
        in.close();
    }
}
