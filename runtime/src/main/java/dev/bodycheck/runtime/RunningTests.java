package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests running now, as a test framework registers them, and the rule that gives each new body its
 * owner. A body created on a running test's own thread (for an asynchronous request: on the thread that
 * made the request) belongs to that test. A body created on any other thread (an executor, the common
 * pool, a library's own thread) belongs to the one test that was running then, if exactly one was; if
 * several were, it belongs to none of them ({@link Unattributed}): it fails no test, and if it leaks, the
 * class of those tests that ends last fails with it. A body created while no test runs belongs to none.
 */
public final class RunningTests {
    private static final Map<Long, TestRun> BY_THREAD = new ConcurrentHashMap<>();
    private static final Set<TestRun> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> RUNNING_CLASSES = new ConcurrentHashMap<>();
    /** Unattributed leaks kept for a class to report, at most: beyond, the oldest are only in the log. */
    private static final int MAX_UNATTRIBUTED = 1000;
    /** Leaks of unattributed bodies not yet reported by a class; guarded by itself. */
    private static final List<UnattributedLeak> UNATTRIBUTED = new ArrayList<>();
    /** True once a test framework registered a test: leaks then fail tests, not the next request. */
    private static volatile boolean used;

    private static final class UnattributedLeak {
        final Unattributed owner;
        final String failure;

        UnattributedLeak(Unattributed owner, String failure) {
            this.owner = owner;
            this.failure = failure;
        }
    }

    private RunningTests() {
    }

    /**
     * A test starts on this thread: {@code id} is its framework's unique id, {@code name} its display name,
     * {@code container} its class.
     */
    public static TestRun begin(String id, String name, String container) {
        used = true;
        PerTestChecks.watch();
        long thread = Thread.currentThread().getId();
        TestRun run = new TestRun(id, name, container, thread, BY_THREAD.get(thread));
        BY_THREAD.put(thread, run);
        RUNNING.add(run);
        return run;
    }

    /**
     * The test ended: checks its bodies (forcing a collection, at most {@code maxMillis}, only if some are
     * still open), then forgets it.
     */
    public static TestCheck end(TestRun run, long maxMillis) {
        try {
            return PerTestChecks.checkTest(run, maxMillis);
        } finally {
            run.ended = true;
            RUNNING.remove(run);
            if (run.previous != null && !run.previous.ended) {
                BY_THREAD.replace(run.threadId, run, run.previous);
            } else {
                BY_THREAD.remove(run.threadId, run);
            }
        }
    }

    /** A test class starts ({@code beforeAll}). */
    public static void beginClass(String container) {
        used = true;
        PerTestChecks.watch();
        RUNNING_CLASSES.computeIfAbsent(container, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * A test class ends ({@code afterAll}): the leaks that could not be attributed to one test and that
     * this class is the one to report (all their candidate tests ended, and no other class of theirs is
     * still running).
     */
    public static TestCheck endClass(String container, long maxMillis) {
        try {
            return PerTestChecks.checkUnattributed(container, maxMillis);
        } finally {
            AtomicInteger n = RUNNING_CLASSES.get(container);
            if (n != null && n.decrementAndGet() <= 0) {
                RUNNING_CLASSES.remove(container, n);
            }
        }
    }

    static boolean used() {
        return used;
    }

    /** The owner of a body created now by thread {@code creator}: a {@link TestRun}, an {@link Unattributed}, or null. */
    static Object ownerOf(long creator, String creatorName) {
        if (RUNNING.isEmpty()) {
            return null;
        }
        TestRun own = BY_THREAD.get(creator);
        if (own != null) {
            return own;
        }
        TestRun[] running = RUNNING.toArray(new TestRun[0]);
        if (running.length == 0) {
            return null;
        }
        return running.length == 1 ? running[0] : new Unattributed(running, creatorName);
    }

    /** True if {@code owner}'s leak is to be reported by {@code container} now. */
    static boolean reportedBy(Unattributed owner, String container) {
        if (!owner.involves(container) || !owner.allEnded()) {
            return false;
        }
        for (TestRun t : owner.candidates) {
            if (!t.container.equals(container) && RUNNING_CLASSES.containsKey(t.container)) {
                return false; // another of its classes ends later and reports it
            }
        }
        return true;
    }

    /** An unattributed body leaked; {@code failure} is its failure text. */
    static void unattributedLeak(Unattributed owner, String failure) {
        synchronized (UNATTRIBUTED) {
            if (UNATTRIBUTED.size() >= MAX_UNATTRIBUTED) {
                UNATTRIBUTED.remove(0); // no class checks them (@NoBodyLeaks on methods only): the log has them
            }
            UNATTRIBUTED.add(new UnattributedLeak(owner, failure));
        }
    }

    /** Takes the unattributed leaks that {@code container} reports now, each as the text a failure shows. */
    static List<String> takeUnattributed(String container) {
        List<String> taken = new ArrayList<>();
        synchronized (UNATTRIBUTED) {
            for (Iterator<UnattributedLeak> it = UNATTRIBUTED.iterator(); it.hasNext(); ) {
                UnattributedLeak leak = it.next();
                if (reportedBy(leak.owner, container)) {
                    it.remove();
                    taken.add(explain(leak));
                }
            }
        }
        return taken;
    }

    private static String explain(UnattributedLeak leak) {
        Unattributed owner = leak.owner;
        boolean oneClass = owner.singleContainer();
        StringBuilder tests = new StringBuilder();
        for (TestRun t : owner.candidates) {
            tests.append(tests.length() == 0 ? "" : ", ").append(oneClass ? t.name : t.qualifiedName());
        }
        String why = " (could not be attributed to one test: created on thread " + owner.thread + " while "
                + owner.candidates.length + " tests ran: " + tests + (oneClass ? "" : "; reported by the last of their classes to end") + ")";
        int eol = leak.failure.indexOf('\n');
        return eol < 0 ? leak.failure + why : leak.failure.substring(0, eol) + why + leak.failure.substring(eol);
    }
}
