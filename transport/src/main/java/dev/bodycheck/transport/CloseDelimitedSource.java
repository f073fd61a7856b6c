package dev.bodycheck.transport;

import java.io.IOException;

/**
 * A body without length or chunking: it ends when the server closes the connection, so the connection
 * is never reused, and a truncated body cannot be told from a complete one (HTTP/1.0 style).
 */
final class CloseDelimitedSource implements BodySource {
    private final HttpInput in;
    private boolean done;

    CloseDelimitedSource(HttpInput in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        int n = in.read(b, off, len);
        done = n < 0;
        return n;
    }

    @Override
    public int skip(int max) throws IOException {
        if (done) {
            return -1;
        }
        int n = in.skip(max);
        done = n < 0;
        return n;
    }

    @Override
    public boolean isExhausted() {
        return done;
    }

    @Override
    public long knownRemaining() {
        return -1;
    }

    @Override
    public boolean isSelfDelimited() {
        return false;
    }

    @Override
    public Headers trailers() {
        return Headers.empty();
    }
}
