package dev.bodycheck.runtime;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon thread that reports leaks: it blocks on the queue where the collector puts the references
 * of bodies dropped while open, and with {@code openWarn} also looks for bodies open too long. Forced
 * collections (per-test checks, JVM exit) report through the same path.
 */
final class Reaper {
    /** Where the collector enqueues the {@link BodyRef}s of bodies it found unreachable while still open. */
    static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** Leaks taken off the registry whose report is not done yet (so that a collection can wait for them). */
    private static final AtomicInteger REPORTING = new AtomicInteger();
    private static long lastOpenScan;

    private Reaper() {
    }

    static void start() {
        Thread reaper = new Thread(new Runnable() {
            @Override
            public void run() {
                reap();
            }
        }, "bodycheck-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }

    private static void reap() {
        while (true) {
            try {
                long warn = Lifecycle.config().openWarnMillis();
                Reference<?> r = warn > 0 ? QUEUE.remove(Math.max(10, Math.min(1000, warn / 2))) : QUEUE.remove();
                if (r != null) {
                    leaked((BodyRef) r);
                }
                if (warn > 0) {
                    warnOpenTooLong(warn);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Problems.internalError(t);
            }
        }
    }

    /**
     * Runs garbage collections until no open body is left to be found leaked, for at most
     * {@code maxMillis}; reports the leaks found. Returns the number of leaks found.
     */
    static int collect(long maxMillis) {
        long leakedBefore = Stats.now().leaked();
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        int idleRounds = 0;
        while (OpenBodies.size() > 0 && idleRounds < 3 && System.nanoTime() < deadline) {
            if (!ForcedGc.run()) {
                break;
            }
            boolean found = false;
            try {
                for (Reference<?> r; (r = QUEUE.remove(50)) != null; ) {
                    found |= leaked((BodyRef) r);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            idleRounds = found ? 0 : idleRounds + 1;
        }
        awaitReports(deadline);
        // the reaper thread may have reported some of them: count them all
        return (int) (Stats.now().leaked() - leakedBefore);
    }

    /**
     * A pool of {@code client} ran dry and {@code reclaim} is on: one bounded collection, at most once per
     * client per second (a caller that comes sooner waits for that second to pass, then collects), whose
     * leaks give their connections back. Returns how many connections were given back meanwhile.
     */
    static int heal(Client client) {
        long before = client.reclaimed();
        long last = client.lastHealNanos.get();
        long wait = last + 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        synchronized (client.lastHealNanos) { // who comes while another collects waits for its outcome
            if (client.lastHealNanos.compareAndSet(last, System.nanoTime())) {
                long deadline = System.nanoTime() + 500_000_000L;
                if (ForcedGc.run()) {
                    awaitLeaks(OpenBodies.collected(client), deadline);
                }
                awaitReports(deadline);
            }
        }
        return (int) (client.reclaimed() - before);
    }

    /**
     * Reports the leaks the collector queued until every one of {@code collected} (cleared by the collection
     * that just ran) has been taken, by this thread or the reaper's, or the deadline passed: the collector
     * clears them all at once, but they reach the queue one by one.
     */
    private static void awaitLeaks(List<BodyRef> collected, long deadlineNanos) {
        try {
            for (BodyRef ref : collected) {
                while (OpenBodies.holds(ref) && System.nanoTime() < deadlineNanos) {
                    Reference<?> r = QUEUE.remove(10);
                    if (r != null) {
                        leaked((BodyRef) r);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reports the leaks the collector queued, waiting at most {@code waitMillis} for the first one. */
    static void drain(long waitMillis) {
        try {
            for (Reference<?> r = QUEUE.remove(waitMillis); r != null; r = QUEUE.poll()) {
                leaked((BodyRef) r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (until the deadline) for leaks that the reaper thread is reporting right now. */
    static void awaitReports(long deadlineNanos) {
        while (REPORTING.get() > 0 && System.nanoTime() < deadlineNanos) {
            Thread.onSpinWait();
        }
    }

    private static void warnOpenTooLong(long warnMillis) {
        long now = System.nanoTime();
        if (now - lastOpenScan < Math.min(1000, warnMillis / 2) * 1_000_000L) {
            return;
        }
        lastOpenScan = now;
        for (BodyRef ref : OpenBodies.snapshot()) {
            if (!ref.warnedOpen && ref.openMillis(now) >= warnMillis && ref.get() != null) {
                ref.warnedOpen = true;
                Lifecycle.reporter().openTooLong(ref, now);
            }
        }
    }

    /**
     * True if this reference was still open, so that it was a leak. Its connection is freed first, then
     * it is reported, then counted: once the counts show a leak, everything about it has been done.
     */
    private static boolean leaked(BodyRef ref) {
        REPORTING.incrementAndGet();
        if (!OpenBodies.takeLeaked(ref)) {
            REPORTING.decrementAndGet();
            return false; // consumed or closed in a race with the collector, or already reported
        }
        Object readAhead = ref.readAhead();
        if (readAhead != null && ref.client().unread(readAhead) == 0) {
            // the library read to the end and the application read all of it, without a close: consumed
            ref.dropBuffer();
            ref.client().count(State.CONSUMED);
            REPORTING.decrementAndGet();
            return false;
        }
        try {
            Object connection = ref.connection;
            ref.connection = null;
            if (connection != null && ref.pinned()) { // a body the library had finished holds no connection
                ref.reclaimed = ref.client().reclaim(connection, ref.bytesRead);
            }
            long now = System.nanoTime();
            Reporter reporter = Lifecycle.reporter();
            Reporter.Leak leak = reporter.leakOf(ref, now);
            if (leak != null) { // not an ignored site
                String failure = PerTestChecks.watching() || Lifecycle.config().failFast() ? leak.failure() : null;
                boolean failsTest = failure != null && PerTestChecks.leaked(ref, failure);
                reporter.log(leak, failsTest);
                if (failure != null && !RunningTests.used()) {
                    FailFast.leaked(failure);
                }
            }
        } finally {
            ref.client().count(State.LEAKED);
            REPORTING.decrementAndGet();
        }
        return true;
    }
}
