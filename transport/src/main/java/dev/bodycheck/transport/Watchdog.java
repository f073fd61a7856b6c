package dev.bodycheck.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds writes by the call timeout. A socket has no write timeout: a server that stops reading leaves a
 * large upload blocked forever. One daemon thread, shared by all transports, closes the socket of a write
 * that outlives its call; reads need no watchdog, the socket timeout bounds them.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER;

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bodycheck-transport-watchdog");
            t.setDaemon(true);
            return t;
        });
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Watchdog() {
    }

    /** Aborts {@code c} at {@code deadlineNanos}, unless the returned future is cancelled first. */
    static ScheduledFuture<?> abortAt(Connection c, long deadlineNanos) {
        return TIMER.schedule(c::abortForTimeout, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
}
