package dev.bodycheck.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Map;

/**
 * Idle connections per address, and the count of every connection's fate. A connection is leased to one
 * call at a time and comes back exactly once: {@link #release} (healthy, reusable) or {@link #discard}
 * (anything else). The pool holds connections, never bodies, so a dropped body can be collected and
 * reported as a leak; its clean-up ({@link #leakCleanup}) then closes the connection and frees the slot.
 *
 * <p>Idle connections are reused newest first (the least likely to have been closed by the server) and
 * evicted oldest first, by a daemon thread that exists only while something is idle.
 */
final class ConnectionPool {
    /** Below this idle time a pooled connection is trusted without a probe; above it a probe costs 1 ms at most. */
    static final long PROBE_AFTER_NANOS = 50_000_000L;

    private final int maxIdlePerAddress;
    private final long keepAliveNanos;
    private final Map<Address, ArrayDeque<Connection>> idle = new HashMap<>();
    private Thread evictor;
    private boolean shutDown;

    // Guarded by this.
    private long opened;
    private long reused;
    private int idleCount;
    private int leasedCount;
    private long closed;
    private long closedByLeak;
    private long closedStale;
    private long evicted;
    private long retried;

    ConnectionPool(int maxIdlePerAddress, long keepAliveNanos) {
        this.maxIdlePerAddress = maxIdlePerAddress;
        this.keepAliveNanos = keepAliveNanos;
    }

    /** A pooled connection to {@code address} that still looks alive, leased to the caller; null if none. */
    Connection acquire(Address address) {
        while (true) {
            Connection c;
            long now = System.nanoTime();
            synchronized (this) {
                ArrayDeque<Connection> q = idle.get(address);
                c = q == null ? null : q.pollFirst();
                if (c == null) {
                    return null;
                }
                idleCount--;
                lease(c);
            }
            long idleFor = now - c.idleSinceNanos;
            if (idleFor >= keepAliveNanos) {
                discard(c, Fate.EVICTED);
            } else if (isAlive(c, idleFor)) {
                synchronized (this) {
                    reused++;
                }
                return c;
            } else {
                discard(c, Fate.STALE);
            }
        }
    }

    private static boolean isAlive(Connection c, long idleForNanos) {
        try {
            if (c.isClosed() || c.input.hasUnexpectedBytes()) {
                return false;
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return idleForNanos < PROBE_AFTER_NANOS || c.input.staysSilent(1);
    }

    /** Counts a new connection, leased to the caller that opened it. */
    synchronized void opened(Connection c) {
        opened++;
        lease(c);
    }

    synchronized void retried() {
        retried++;
    }

    private void lease(Connection c) {
        c.leased = true;
        c.leaseId++;
        leasedCount++;
    }

    /** The exchange on {@code c} ended cleanly and its framing allows another: keep it for the next call. */
    void release(Connection c) {
        Connection surplus = null;
        synchronized (this) {
            if (!c.leased) {
                return;
            }
            c.leased = false;
            leasedCount--;
            c.activity("", null); // an idle connection keeps nothing of its last request alive
            if (shutDown || c.isClosed()) {
                closed++;
                surplus = c;
            } else {
                c.idleSinceNanos = System.nanoTime();
                ArrayDeque<Connection> q = idle.computeIfAbsent(c.address, a -> new ArrayDeque<>());
                q.addFirst(c);
                idleCount++;
                if (q.size() > maxIdlePerAddress) {
                    surplus = q.pollLast();
                    idleCount--;
                    closed++;
                    evicted++;
                }
                startEvictor();
            }
        }
        if (surplus != null) {
            surplus.close();
        }
    }

    /** Why a connection is closed; the stats count some of them apart. */
    enum Fate { BROKEN, NOT_REUSABLE, STALE, EVICTED, LEAKED }

    /** The lease of {@code c} ends and the connection is closed. A second call for the same lease does nothing. */
    void discard(Connection c, Fate fate) {
        synchronized (this) {
            if (!c.leased) {
                return;
            }
            c.leased = false;
            leasedCount--;
            closed++;
            if (fate == Fate.STALE) {
                closedStale++;
            } else if (fate == Fate.EVICTED) {
                evicted++;
            } else if (fate == Fate.LEAKED) {
                closedByLeak++;
            }
        }
        c.close();
    }

    /**
     * What the tracker runs after the body of the current lease of {@code c} was collected while open: true
     * if it closed the connection. It holds the connection and the lease number, never the body.
     */
    BooleanSupplier leakCleanup(Connection c) {
        long lease;
        synchronized (this) {
            lease = c.leaseId;
        }
        return () -> {
            synchronized (this) {
                if (!c.leased || c.leaseId != lease) {
                    return false; // that exchange ended after all; the connection has moved on
                }
            }
            discard(c, Fate.LEAKED);
            return true;
        };
    }

    synchronized PoolStats stats() {
        return new PoolStats(opened, reused, idleCount, leasedCount, closed, closedByLeak, closedStale, evicted,
                retried);
    }

    /** Closes every idle connection; connections leased now are closed when their exchange ends. */
    void shutDown() {
        List<Connection> toClose = new ArrayList<>();
        synchronized (this) {
            shutDown = true;
            for (ArrayDeque<Connection> q : idle.values()) {
                toClose.addAll(q);
            }
            idle.clear();
            closed += idleCount;
            idleCount = 0;
            notifyAll();
        }
        for (Connection c : toClose) {
            c.close();
        }
    }

    /** Closes every idle connection now (the pool stays usable). */
    void evictAll() {
        List<Connection> toClose = new ArrayList<>();
        synchronized (this) {
            for (ArrayDeque<Connection> q : idle.values()) {
                toClose.addAll(q);
            }
            idle.clear();
            closed += idleCount;
            evicted += idleCount;
            idleCount = 0;
            notifyAll();
        }
        for (Connection c : toClose) {
            c.close();
        }
    }

    // ---------------------------------------------------------------- eviction of idle connections

    private void startEvictor() {
        if (evictor == null) {
            evictor = new Thread(this::evictLoop, "bodycheck-transport-evictor");
            evictor.setDaemon(true);
            evictor.start();
        }
    }

    private void evictLoop() {
        List<Connection> expired = new ArrayList<>();
        while (true) {
            boolean stop;
            synchronized (this) {
                long waitNanos = removeExpired(System.nanoTime(), expired);
                stop = waitNanos < 0;
                if (stop) {
                    evictor = null;
                } else if (expired.isEmpty()) {
                    try {
                        wait(waitNanos / 1_000_000 + 1);
                    } catch (InterruptedException e) {
                        evictor = null;
                        return;
                    }
                }
            }
            for (Connection c : expired) {
                c.close();
            }
            expired.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Moves expired idle connections to {@code expired}; nanos until the next expiry, or -1 if nothing is idle. */
    private long removeExpired(long now, List<Connection> expired) {
        long next = Long.MAX_VALUE;
        for (Iterator<ArrayDeque<Connection>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Connection> q = it.next();
            for (Connection c; (c = q.peekLast()) != null; ) {
                long left = c.idleSinceNanos + keepAliveNanos - now;
                if (left > 0) {
                    next = Math.min(next, left);
                    break;
                }
                q.pollLast();
                idleCount--;
                closed++;
                evicted++;
                expired.add(c);
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        return idle.isEmpty() ? -1 : next;
    }
}
