package dev.bodycheck.transport;

import java.io.IOException;

/** A body of exactly Content-Length bytes; fewer before EOF is a truncation, more is a framing error. */
final class FixedLengthSource implements BodySource {
    private final HttpInput in;
    private final long length;
    private long remaining;
    /** Bytes arrived after the declared end: the next read reports it instead of the end. */
    private boolean surplus;

    FixedLengthSource(HttpInput in, long length) {
        this.in = in;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return transfer(b, off, len);
    }

    @Override
    public int skip(int max) throws IOException {
        return transfer(null, 0, max);
    }

    private int transfer(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            if (surplus) {
                throw new MalformedResponseException("the server sent more bytes than its Content-Length of " + length);
            }
            return -1;
        }
        int want = (int) Math.min(len, remaining);
        int n = b == null ? in.skip(want) : in.read(b, off, want);
        if (n < 0) {
            throw new TruncatedBodyException("response body truncated: Content-Length is " + length
                    + " but the connection closed after " + (length - remaining) + " bytes");
        }
        remaining -= n;
        if (remaining == 0) {
            // No pipelining here: any byte already waiting does not belong to any response we asked for.
            surplus = in.hasUnexpectedBytes();
        }
        return n;
    }

    @Override
    public boolean isExhausted() {
        return remaining == 0 && !surplus;
    }

    @Override
    public long knownRemaining() {
        return remaining;
    }

    @Override
    public boolean isSelfDelimited() {
        return true;
    }

    @Override
    public Headers trailers() {
        return Headers.empty();
    }
}
