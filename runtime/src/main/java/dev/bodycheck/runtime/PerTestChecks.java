package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks for a test: the bodies opened after the test's start (by its thread, or by any) that were neither
 * consumed nor closed. The JUnit extension and {@code BodyCheck.assertNoLeaks()} are thin layers over it.
 */
public final class PerTestChecks {
    /** The last leaks found, kept while someone checks per test ({@link #watch}). */
    private static final RecentLeaks RECENT = new RecentLeaks(256);
    private static final AtomicLong FORCED_COLLECTIONS = new AtomicLong();
    private static volatile boolean watching;

    private PerTestChecks() {
    }

    /** Keeps the report of every leak from now on, so that a check can fail the test that caused it. */
    public static void watch() {
        watching = true;
    }

    /** The place of the next body in the order of opens: a check takes the bodies opened after it. */
    public static long mark() {
        return OpenBodies.sequence();
    }

    /** How often {@link #check} had to force a collection (a test whose bodies all ended forces none). */
    public static long forcedCollections() {
        return FORCED_COLLECTIONS.get();
    }

    static void leaked(BodyRef ref, Reporter reporter, long nowNanos) {
        if (watching) {
            RECENT.add(ref, reporter.describe(ref, nowNanos));
        }
    }

    /**
     * The bodies opened after {@code mark} by thread {@code threadId} (any thread if -1) that were not
     * consumed nor closed: forces a collection (at most {@code maxMillis}) only if some are still open, then
     * returns the reports of those that leaked, and describes those still referenced.
     */
    public static TestCheck check(long mark, long threadId, long maxMillis) {
        List<String> leaks = new ArrayList<>();
        List<String> open = new ArrayList<>();
        try {
            // a body already cleared by the collector but not yet reported counts too: it is a leak on its way
            if (!openSince(mark, threadId, false).isEmpty()) {
                FORCED_COLLECTIONS.incrementAndGet();
                long deadline = System.nanoTime() + maxMillis * 1_000_000;
                for (int round = 0; round < 10 && System.nanoTime() < deadline; round++) {
                    Reaper.collect(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (openSince(mark, threadId, true).size() == openSince(mark, threadId, false).size()) {
                        break; // what is left is still referenced
                    }
                }
            }
            Reaper.awaitReports(System.nanoTime() + maxMillis * 1_000_000);
            leaks.addAll(RECENT.since(mark, threadId));
            if (!leaks.isEmpty()) {
                FailFast.reported();
            }
            long now = System.nanoTime();
            for (BodyRef ref : openSince(mark, threadId, true)) {
                open.add(Lifecycle.reporter().describeOpen(ref, now));
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        return new TestCheck(leaks, open);
    }

    /** The bodies of that thread opened after {@code mark} and not ended; with {@code live}, only reachable ones. */
    private static List<BodyRef> openSince(long mark, long threadId, boolean live) {
        List<BodyRef> list = new ArrayList<>();
        for (BodyRef ref : OpenBodies.snapshot()) {
            if (ref.sequence > mark && (threadId < 0 || ref.threadId == threadId) && (!live || ref.get() != null)) {
                list.add(ref);
            }
        }
        return list;
    }
}
