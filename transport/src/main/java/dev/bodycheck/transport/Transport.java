package dev.bodycheck.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * The reference HTTP/1.1 client: a pool of keep-alive connections per host, strict response parsing,
 * finite timeouts. Thread-safe; share one instance. Every {@link Response} must be read to its end or
 * closed (try-with-resources): a body dropped while open is reported as a leak, its connection closed.
 *
 * <pre>{@code
 * Transport transport = Transport.builder().readTimeout(Duration.ofSeconds(5)).build();
 * try (Response r = transport.execute(Request.get("http://127.0.0.1:8080/").build())) {
 *     String text = r.body().string();
 * }
 * }</pre>
 */
public final class Transport implements AutoCloseable {
    private final int readTimeoutMillis;
    private final int callTimeoutMillis;
    private final Limits limits;
    private final ConnectionPool pool;
    private final Connector connector;
    private final PoolView view;
    private volatile boolean closed;

    private Transport(Builder b) {
        this.readTimeoutMillis = b.readTimeoutMillis;
        this.callTimeoutMillis = b.callTimeoutMillis;
        this.limits = b.limits;
        this.pool = new ConnectionPool(b.maxIdlePerHost, b.keepAliveMillis * 1_000_000L);
        this.connector = new Connector(b.connectTimeoutMillis, b.callTimeoutMillis, b.sslSocketFactory);
        this.view = PoolView.register(pool::stats);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A transport with the default settings. */
    public static Transport create() {
        return builder().build();
    }

    /**
     * Sends {@code request} and returns once the response head is read; the body streams from the
     * connection afterwards. A request that is {@link Request#isRetryable() retryable} and fails on a
     * pooled connection before any byte of response is sent once more, on a new connection.
     */
    public Response execute(Request request) throws IOException {
        if (closed) {
            throw new IllegalStateException("transport is closed");
        }
        if (RuntimeLink.isPresent()) {
            Tracking.failFastCheck();
        }
        long deadline = callTimeoutMillis == 0 ? 0 : System.nanoTime() + callTimeoutMillis * 1_000_000L;
        Address address = Address.of(request.uri());
        Connection c = pool.acquire(address);
        if (c == null) {
            return onNewConnection(request, address, deadline);
        }
        long receivedBefore = c.input.received();
        try {
            return exchange(c, request, deadline);
        } catch (RuntimeException e) {
            pool.discard(c, ConnectionPool.Fate.BROKEN);
            throw e;
        } catch (IOException e) {
            pool.discard(c, ConnectionPool.Fate.BROKEN);
            // The server closed this pooled connection just as we sent on it: nothing was processed.
            boolean stale = c.input.received() == receivedBefore && !(e instanceof SocketTimeoutException);
            if (!stale || !request.isRetryable()) {
                throw e;
            }
            pool.retried();
            try {
                return onNewConnection(request, address, deadline);
            } catch (IOException retryFailure) {
                retryFailure.addSuppressed(e);
                throw retryFailure;
            }
        }
    }

    /** {@code GET uri}. */
    public Response get(String uri) throws IOException {
        return execute(Request.get(uri).build());
    }

    private Response onNewConnection(Request request, Address address, long deadline) throws IOException {
        Connection c = connector.connect(address, deadline);
        pool.opened(c);
        try {
            return exchange(c, request, deadline);
        } catch (IOException | RuntimeException e) {
            pool.discard(c, ConnectionPool.Fate.BROKEN);
            throw e;
        }
    }

    private Response exchange(Connection c, Request request, long deadline) throws IOException {
        c.startCall(readTimeoutMillis, callTimeoutMillis, deadline);
        return Exchange.run(c, request, pool, limits);
    }

    /** A snapshot of the connection pool's counts. */
    public PoolStats stats() {
        return pool.stats();
    }

    /** Closes every idle connection now; the transport stays usable. */
    public void evictIdleConnections() {
        pool.evictAll();
    }

    /**
     * Closes idle connections and refuses new requests. Bodies still open keep their connections until
     * they end; those connections are then closed instead of pooled.
     */
    @Override
    public void close() {
        closed = true;
        pool.shutDown();
        if (view != null) {
            view.unregister();
        }
    }

    /** Settings of a {@link Transport}. Durations of zero mean no limit; the defaults are all finite. */
    public static final class Builder {
        private int connectTimeoutMillis = 10_000;
        private int readTimeoutMillis = 30_000;
        private int callTimeoutMillis = 60_000;
        private int maxIdlePerHost = 5;
        private long keepAliveMillis = 30_000;
        private Limits limits = Limits.defaults();
        private SSLSocketFactory sslSocketFactory;

        private Builder() {
        }

        /** For TCP connect and TLS handshake, per address tried. Default 10 s. */
        public Builder connectTimeout(Duration d) {
            connectTimeoutMillis = millis(d, "connectTimeout");
            return this;
        }

        /** Longest wait for any one read from the server. Default 30 s. */
        public Builder readTimeout(Duration d) {
            readTimeoutMillis = millis(d, "readTimeout");
            return this;
        }

        /** The whole call, from sending until the response body ends. Default 60 s. */
        public Builder callTimeout(Duration d) {
            callTimeoutMillis = millis(d, "callTimeout");
            return this;
        }

        /** Idle connections kept per host (scheme, host, port); more are closed. Default 5. */
        public Builder maxIdleConnectionsPerHost(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxIdleConnectionsPerHost must be >= 0: " + n);
            }
            maxIdlePerHost = n;
            return this;
        }

        /** How long an idle connection is kept before it is closed. Default 30 s; must be positive. */
        public Builder keepAlive(Duration d) {
            long ms = d.toMillis();
            if (ms <= 0) {
                throw new IllegalArgumentException("keepAlive must be positive: " + d);
            }
            keepAliveMillis = ms;
            return this;
        }

        public Builder limits(Limits l) {
            limits = l;
            return this;
        }

        /** For https; default: the JDK's default factory (default trust store). */
        public Builder sslSocketFactory(SSLSocketFactory f) {
            sslSocketFactory = f;
            return this;
        }

        public Transport build() {
            return new Transport(this);
        }

        private static int millis(Duration d, String what) {
            if (d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must be 0 (no limit) to " + Integer.MAX_VALUE + " ms: " + d);
            }
            if (!d.isZero() && d.toMillis() == 0) {
                return 1; // below a millisecond still means a limit
            }
            return (int) d.toMillis();
        }
    }
}
