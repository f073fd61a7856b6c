package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks for tests. A test registered with {@link RunningTests} is checked for the bodies it owns (see
 * there for the rule); {@code BodyCheck.assertNoLeaks()} checks the bodies opened after a mark
 * ({@link #check}). A check forces collections only if a body it looks at is still open.
 */
public final class PerTestChecks {
    /** The last leaks found, kept while someone checks ({@link #watch}), for {@link #check}. */
    private static final RecentLeaks RECENT = new RecentLeaks(256);
    private static final AtomicLong FORCED_COLLECTIONS = new AtomicLong();
    private static volatile boolean watching;

    /** Which bodies a check looks at. */
    private interface Scope {
        boolean covers(BodyRef ref);
    }

    private PerTestChecks() {
    }

    /** Keeps the report of every leak from now on, so that a check can fail the test that caused it. */
    public static void watch() {
        watching = true;
    }

    static boolean watching() {
        return watching;
    }

    /** The place of the next body in the order of opens: a check takes the bodies opened after it. */
    public static long mark() {
        return OpenBodies.sequence();
    }

    /** How often a check had to force a collection (a test whose bodies all ended forces none). */
    public static long forcedCollections() {
        return FORCED_COLLECTIONS.get();
    }

    /**
     * A body leaked whose site is not ignored; {@code failure} is the text a test failure shows. True if a
     * running test was charged with it (it fails that test).
     */
    static boolean leaked(BodyRef ref, String failure) {
        if (!watching) {
            return false;
        }
        RECENT.add(ref, failure);
        Object owner = ref.owner();
        if (owner instanceof TestRun && ((TestRun) owner).charge(failure)) {
            return true;
        }
        if (owner != null) {
            ref.client().countUnattributed(); // made by no test's work, or after its test and class were decided
        }
        return false;
    }

    /**
     * The bodies opened after {@code mark} by thread {@code threadId} (any thread if -1) that were not
     * consumed nor closed: forces a collection (at most {@code maxMillis}) only if some are still open, then
     * returns the failure texts of those that leaked, and describes those still referenced.
     */
    public static TestCheck check(long mark, long threadId, long maxMillis) {
        Scope scope = ref -> ref.sequence() > mark && (threadId < 0 || ref.threadId() == threadId);
        List<String> leaks = new ArrayList<>();
        List<String> open = new ArrayList<>();
        String undecided = null;
        try {
            undecided = settle(scope, maxMillis);
            leaks.addAll(RECENT.since(mark, threadId));
            describeOpen(scope, open);
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        return new TestCheck(leaks, open, undecided);
    }

    /** The check of one test: the bodies it owns. */
    static TestCheck checkTest(TestRun run, long maxMillis) {
        Scope scope = ref -> ref.owner() == run;
        List<String> open = new ArrayList<>();
        String undecided = null;
        try {
            undecided = settle(scope, maxMillis);
            describeOpen(scope, open);
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        return new TestCheck(run.closeLeaks(), open, undecided);
    }

    /**
     * The check at the end of a class, of its ended tests: their bodies still open, and those that no test's
     * work made, are settled (a forced collection), so that a leak is found and counted at the same point of
     * every run; then each test's leaks found after its own check are returned, the test's name first
     * ({@code name}, tab, failure text), and its bodies still referenced are described the same way.
     */
    static TestCheck checkClass(List<TestRun> runs, long maxMillis) {
        java.util.Set<TestRun> of = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        of.addAll(runs);
        Scope scope = ref -> ref.owner() == RunningTests.UNATTRIBUTED || of.contains(ref.owner());
        Scope tests = ref -> of.contains(ref.owner());
        List<String> leaks = new ArrayList<>();
        List<String> open = new ArrayList<>();
        String undecided = null;
        try {
            undecided = settle(scope, maxMillis);
            if (undecided != null && open(tests, false).isEmpty()) {
                undecided = null; // only bodies that no test's work made are left: they fail no class
            }
            long now = System.nanoTime();
            for (BodyRef ref : open(tests, true)) {
                open.add(((TestRun) ref.owner()).name + "\t" + Lifecycle.reporter().describeOpen(ref, now));
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        for (TestRun run : runs) {
            for (String failure : run.closeLate()) {
                leaks.add(run.name + "\t" + failure);
            }
        }
        return new TestCheck(leaks, open, undecided);
    }

    /**
     * Forces collections until each open body in scope has either been found leaked (and its report made)
     * or is still reachable. Returns null, or why it could not decide: no collection could be forced while
     * bodies in scope were still open.
     */
    private static String settle(Scope scope, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        if (open(scope, false).isEmpty()) {
            // every body ended: nothing to collect, the check costs a scan; but one the reaper has just taken
            // off the registry may still be on its way to its test
            Reaper.awaitReports(deadline);
            return null;
        }
        FORCED_COLLECTIONS.incrementAndGet();
        HttpClientBodies.awaitHandOvers(deadline); // a thread still handing a response over holds it a moment
        boolean forced = false;
        for (int round = 0; round < 3 && System.nanoTime() < deadline; round++) {
            if (!ForcedGc.run()) {
                break;
            }
            forced = true;
            // cleared references reach the reaper through the queue; take them here if it is slower
            while (hasCleared(scope) && System.nanoTime() < deadline) {
                Reaper.drain(5);
            }
            if (open(scope, false).size() == open(scope, true).size()) {
                break; // what is left is still referenced
            }
        }
        Reaper.awaitReports(deadline);
        int left = open(scope, false).size();
        if (!forced && left > 0) {
            return "could not force a garbage collection (System.gc() and the GC.run diagnostic command both did "
                    + "nothing), so it cannot tell whether " + left + (left == 1 ? " response body" : " response bodies")
                    + " neither closed nor read to EOF " + (left == 1 ? "is" : "are") + " unreachable";
        }
        return null;
    }

    private static void describeOpen(Scope scope, List<String> into) {
        long now = System.nanoTime();
        for (BodyRef ref : open(scope, true)) {
            into.add(Lifecycle.reporter().describeOpen(ref, now));
        }
    }

    /** Open bodies in scope; with {@code live}, only those still reachable. */
    private static List<BodyRef> open(Scope scope, boolean live) {
        List<BodyRef> list = new ArrayList<>();
        for (BodyRef ref : OpenBodies.snapshot()) {
            if (scope.covers(ref) && (!live || ref.get() != null)) {
                list.add(ref);
            }
        }
        return list;
    }

    private static boolean hasCleared(Scope scope) {
        for (BodyRef ref : OpenBodies.snapshot()) {
            if (scope.covers(ref) && ref.get() == null) {
                return true;
            }
        }
        return false;
    }
}
