package dev.bodycheck.transport;

/**
 * A snapshot of one transport's connection pool. Every connection ever opened is, at any moment,
 * exactly one of idle, leased or closed: {@code opened == idle + leased + closed}.
 */
public final class PoolStats {
    private final long opened;
    private final long reused;
    private final int idle;
    private final int leased;
    private final long closed;
    private final long closedByLeak;
    private final long closedStale;
    private final long evicted;
    private final long retried;

    PoolStats(long opened, long reused, int idle, int leased, long closed, long closedByLeak, long closedStale,
            long evicted, long retried) {
        this.opened = opened;
        this.reused = reused;
        this.idle = idle;
        this.leased = leased;
        this.closed = closed;
        this.closedByLeak = closedByLeak;
        this.closedStale = closedStale;
        this.evicted = evicted;
        this.retried = retried;
    }

    /** Connections opened (TCP connect, plus TLS handshake for https). */
    public long opened() {
        return opened;
    }

    /** Exchanges that ran on a pooled connection instead of a new one. */
    public long reused() {
        return reused;
    }

    /** Connections in the pool now, waiting for a request. */
    public int idle() {
        return idle;
    }

    /** Connections in use now: by a call, or by a response body not yet ended. */
    public int leased() {
        return leased;
    }

    /** Connections closed, for any reason (the ones below included). */
    public long closed() {
        return closed;
    }

    /** Connections closed because their response body was garbage-collected while open. */
    public long closedByLeak() {
        return closedByLeak;
    }

    /** Idle connections found closed (or out of step) by the server when about to be reused. */
    public long closedStale() {
        return closedStale;
    }

    /** Idle connections closed for being idle longer than the keep-alive time, or above the per-host maximum. */
    public long evicted() {
        return evicted;
    }

    /** Requests sent a second time on a fresh connection after a pooled one turned out stale. */
    public long retried() {
        return retried;
    }

    @Override
    public String toString() {
        return "opened=" + opened + " reused=" + reused + " idle=" + idle + " leased=" + leased + " closed=" + closed
                + " closedByLeak=" + closedByLeak + " closedStale=" + closedStale + " evicted=" + evicted
                + " retried=" + retried;
    }
}
