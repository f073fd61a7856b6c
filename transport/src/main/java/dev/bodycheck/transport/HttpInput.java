package dev.bodycheck.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The buffered input side of one connection: lines for the response head and chunk sizes, raw bytes
 * for bodies. One buffer per connection, reused for its whole life; nothing is allocated per byte or
 * per read. Every blocking read first asks the connection for its current timeout.
 */
final class HttpInput {
    static final int BUFFER_SIZE = 16 * 1024;

    private final Connection connection;
    private final InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    /** Bytes received on this connection, ever: tells whether a response had started when a failure came. */
    private long received;
    /** Set by {@link #readLine} when it returned null after part of a line. */
    private boolean partialLine;

    HttpInput(Connection connection, InputStream in) {
        this.connection = connection;
        this.in = in;
    }

    long received() {
        return received;
    }

    int buffered() {
        return limit - pos;
    }

    boolean lastLineWasPartial() {
        return partialLine;
    }

    /**
     * The next line without its line end (CRLF, or a bare LF as RFC 9112 allows), decoded as ISO-8859-1;
     * null at EOF. A line longer than {@code maxLength} is refused before it is all buffered.
     */
    String readLine(int maxLength, String what) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    if (end - pos > maxLength) {
                        throw tooLong(maxLength, what);
                    }
                    String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return line;
                }
            }
            scanned = limit - pos;
            if (scanned > maxLength + 1) {
                throw tooLong(maxLength, what);
            }
            if (!fill()) {
                partialLine = scanned > 0;
                return null;
            }
        }
    }

    private static LimitExceededException tooLong(int maxLength, String what) {
        return new LimitExceededException(what + " is longer than the limit of " + maxLength + " bytes");
    }

    /** Like {@link InputStream#read(byte[], int, int)}: buffered bytes first, large reads straight into {@code b}. */
    int read(byte[] b, int off, int len) throws IOException {
        if (pos == limit) {
            if (len >= buf.length) {
                return readSocket(b, off, len);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Discards up to {@code max} bytes, reading if none are buffered; -1 at EOF. */
    int skip(int max) throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        int n = Math.min(max, limit - pos);
        pos += n;
        return n;
    }

    /** True if bytes are waiting that no exchange asked for: the connection is out of step, never reuse it. */
    boolean hasUnexpectedBytes() throws IOException {
        return pos < limit || in.available() > 0;
    }

    /**
     * Waits a moment for the server on an idle connection: false if it sent anything or closed (its FIN
     * is what leaves CLOSE_WAIT behind), true if it stayed silent, as a live idle connection does.
     */
    boolean staysSilent(int waitMillis) {
        try {
            if (hasUnexpectedBytes()) {
                return false;
            }
            connection.setSoTimeout(waitMillis);
            int n = in.read(buf, 0, 1);
            if (n > 0) {
                limit = pos = 0; // bytes nobody asked for: this connection is discarded anyway
            }
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads more bytes into the buffer; false at EOF. */
    private boolean fill() throws IOException {
        if (pos == limit) {
            pos = limit = 0;
        } else if (limit == buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = readSocket(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private int readSocket(byte[] b, int off, int len) throws IOException {
        connection.beforeRead();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw connection.timedOut();
        } catch (IOException e) {
            throw connection.failed(e);
        }
        if (n > 0) {
            received += n;
        }
        return n;
    }
}
