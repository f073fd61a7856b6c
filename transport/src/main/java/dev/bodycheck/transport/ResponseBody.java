package dev.bodycheck.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The payload of one response, streamed from its connection. Read it to the end or close it: either
 * frees the connection. At the end the connection goes back to the pool at once; closed early, a small
 * remainder is drained to save the connection, else it is closed. A body dropped while open is reported
 * by the tracker as a leak, and its connection closed.
 *
 * <p>{@link #string()} and {@link #bytes()} read everything and close. Like any stream, a body is for one
 * thread at a time.
 */
public final class ResponseBody extends InputStream {
    /** Closing early reads at most this much of the rest to save the connection... */
    static final int DRAIN_MAX_BYTES = 8 * 1024;
    /** ...and waits at most this long for it. */
    static final long DRAIN_MAX_NANOS = 5_000_000L;

    private static final int OPEN = 0;
    private static final int CONSUMED = 1;
    private static final int CLOSED = 2;
    private static final int FAILED = 3;

    private final BodySource source;
    /** Null for a body without a connection: empty by protocol, or already ended at creation. */
    private final Connection connection;
    private final ConnectionPool pool;
    /** False when the connection must be closed after this body (Connection: close, HTTP/1.0...). */
    private final boolean keepAlive;
    private final long contentLength;
    private final String contentType;
    /** The most {@link #bytes()} may hold. */
    private final long maxBuffered;
    /** What this is the body of, for messages. */
    private final Request request;
    private int state;
    private byte[] single;
    /** The tracker's handle of this body ({@link Tracking}), or null when no tracker watches this transport. */
    private Object handle;

    ResponseBody(BodySource source, Connection connection, ConnectionPool pool, boolean keepAlive,
            long contentLength, String contentType, long maxBuffered, Request request) {
        this.source = source;
        this.connection = connection;
        this.pool = pool;
        this.keepAlive = keepAlive;
        this.contentLength = contentLength;
        this.contentType = contentType;
        this.maxBuffered = maxBuffered;
        this.request = request;
    }

    void tracked(Object trackingHandle) {
        this.handle = trackingHandle;
    }

    /** A body with no payload (HEAD, 1xx, 204, 304, Content-Length: 0): holds nothing, not tracked. */
    static ResponseBody empty(String contentType) {
        ResponseBody b = new ResponseBody(null, null, null, false, 0, contentType, 0, null);
        b.state = CONSUMED;
        return b;
    }

    /** Content-Length, or -1 if not known in advance. */
    public long contentLength() {
        return contentLength;
    }

    /** The Content-Type header, or null. */
    public String contentType() {
        return contentType;
    }

    /** The trailer fields of a chunked body, once it was read to the end; empty before and for other bodies. */
    public Headers trailers() {
        return source == null ? Headers.empty() : source.trailers();
    }

    @Override
    public int read() throws IOException {
        if (single == null) {
            single = new byte[1];
        }
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (state != OPEN) {
            if (state == CONSUMED) {
                return -1;
            }
            throw new IOException(state == CLOSED ? "response body is closed" : "response body failed earlier");
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = source.read(b, off, len);
        } catch (MalformedResponseException e) {
            fail();
            throw e.naming(request);
        } catch (IOException | RuntimeException e) {
            fail();
            throw e;
        }
        if (n < 0) {
            end();
            return -1;
        }
        if (handle != null) {
            Tracking.read(handle, n);
        }
        if (source.isExhausted()) {
            end(); // the last byte is here: free the connection now, not when the caller gets around to -1
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        if (state != OPEN) {
            return 0;
        }
        long left = source.knownRemaining();
        int buffered = connection.input.buffered();
        return left < 0 ? buffered : (int) Math.min(left, buffered);
    }

    /**
     * The whole payload; closes the body. The buffer grows as bytes arrive, never from the announced length:
     * a body that announces or turns out to be longer than {@link Limits#maxBufferedBody()} fails at once with
     * a {@link LimitExceededException}, and its connection is closed.
     */
    public byte[] bytes() throws IOException {
        try {
            if (contentLength > maxBuffered) {
                throw tooLarge("announces " + contentLength + " bytes, more");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(
                    (int) Math.min(contentLength >= 0 ? contentLength : 8192, 64 * 1024));
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = read(buf, 0, (int) Math.min(buf.length, maxBuffered - total + 1))) >= 0; ) {
                total += n;
                if (total > maxBuffered) {
                    throw tooLarge("is longer");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            close();
        }
    }

    /** The body is larger than bytes() may hold: the connection cannot be saved without reading it all. */
    private LimitExceededException tooLarge(String what) {
        if (state == OPEN) {
            fail();
        }
        return new LimitExceededException("the response body of " + request + " " + what + " than the limit of "
                + maxBuffered + " bytes for bytes() and string(); read it as a stream");
    }

    /** The whole payload as text, in the charset of the Content-Type (UTF-8 if none); closes the body. */
    public String string() throws IOException {
        return new String(bytes(), charset());
    }

    private Charset charset() {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException unknown) {
                        break;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * Ends the body. Before its end: drains up to {@link #DRAIN_MAX_BYTES} within {@link #DRAIN_MAX_NANOS}
     * so that the connection can be reused, else closes the connection.
     */
    @Override
    public void close() {
        if (state != OPEN) {
            return;
        }
        state = CLOSED;
        int drained = keepAlive && source.isSelfDelimited() ? drain() : -1;
        if (handle != null) {
            if (drained == 0) {
                Tracking.consumed(handle); // nothing of the payload was left: the caller did read it all
            } else {
                Tracking.closed(handle);
            }
        }
        if (drained >= 0) {
            pool.release(connection);
        } else {
            pool.discard(connection, ConnectionPool.Fate.BROKEN);
        }
    }

    /** Payload bytes skipped to reach the end, or -1 if the end was not reached within the budget. */
    private int drain() {
        long known = source.knownRemaining();
        if (known > DRAIN_MAX_BYTES) {
            return -1;
        }
        connection.drainUntil(System.nanoTime() + DRAIN_MAX_NANOS);
        int total = 0;
        try {
            while (total <= DRAIN_MAX_BYTES) {
                int n = source.skip(DRAIN_MAX_BYTES + 1 - total);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // too slow, truncated or malformed: the connection cannot be trusted with another exchange
        }
        return -1;
    }

    private void end() {
        state = CONSUMED;
        if (handle != null) {
            Tracking.consumed(handle);
        }
        if (keepAlive && source.isSelfDelimited()) {
            pool.release(connection);
        } else {
            pool.discard(connection, ConnectionPool.Fate.NOT_REUSABLE);
        }
    }

    private void fail() {
        state = FAILED;
        if (handle != null) {
            Tracking.closed(handle);
        }
        pool.discard(connection, ConnectionPool.Fate.BROKEN);
    }
}
