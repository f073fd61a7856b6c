package dev.bodycheck.transport;

/**
 * A response: status, reason, headers and the {@link ResponseBody body}, which holds the connection until
 * it is read to the end or closed. Closing the response closes its body.
 */
public final class Response implements AutoCloseable {
    private final Request request;
    private final int status;
    private final String reason;
    private final boolean http11;
    private final Headers headers;
    private final ResponseBody body;

    Response(Request request, int status, String reason, boolean http11, Headers headers, ResponseBody body) {
        this.request = request;
        this.status = status;
        this.reason = reason;
        this.http11 = http11;
        this.headers = headers;
        this.body = body;
    }

    public Request request() {
        return request;
    }

    public int status() {
        return status;
    }

    /** The reason phrase, possibly empty. */
    public String reason() {
        return reason;
    }

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String protocol() {
        return http11 ? "HTTP/1.1" : "HTTP/1.0";
    }

    public Headers headers() {
        return headers;
    }

    /** The first value of this header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Never null; empty for HEAD, 1xx, 204 and 304. */
    public ResponseBody body() {
        return body;
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** Closes the body (see {@link ResponseBody#close()}). */
    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return protocol() + " " + status + " " + reason + " (" + request + ")";
    }
}
