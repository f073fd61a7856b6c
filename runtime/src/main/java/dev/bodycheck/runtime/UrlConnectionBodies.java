package dev.bodycheck.runtime;

import java.net.HttpURLConnection;

/**
 * {@code java.net.HttpURLConnection}: the calls woven into its body, {@code HttpURLConnection$HttpInputStream}
 * (the stream {@code getInputStream()} and {@code getErrorStream()} hand to the application). None throws: what
 * goes wrong is counted ({@link Problems#internalError}).
 */
public final class UrlConnectionBodies {
    /** The client's id in options and reports. */
    private static final String ID = "urlconnection";
    /** What HEAD, 204, 304 and Content-Length: 0 responses get: the connection is already free. */
    private static final String EMPTY = "sun.net.www.protocol.http.EmptyInputStream";

    private UrlConnectionBodies() {
    }

    /**
     * The {@code stream} of {@code connection} was made over {@code in}, the stream below it (keep-alive, chunked),
     * which holds the socket: the connection side, not the body.
     */
    public static void opened(Object stream, Object in, Object connection) {
        try {
            if (in != null && !in.getClass().getName().equals(EMPTY) && Clients.tracked(ID) != null) {
                HttpURLConnection c = (HttpURLConnection) connection;
                // the stream is made after the head is read: the status is known, this is a field read
                Tracker.open(stream, ResponseFacts.of(ID, c.getRequestMethod(), c.getURL().toString(),
                        c.getResponseCode()), null, in);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** {@code read(byte[], int, int)} of {@code stream} returned {@code n}: bytes read, or its end. */
    public static void read(int n, Object stream) {
        try {
            if (n > 0) {
                Tracker.read(stream, n);
            } else if (n < 0) {
                Tracker.consumed(stream);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** {@code close()} of {@code stream} starts. */
    public static void closed(Object stream) {
        try {
            Tracker.closed(stream);
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }
}
