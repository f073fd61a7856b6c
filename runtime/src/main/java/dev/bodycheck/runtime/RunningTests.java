package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests running now, as a test framework registers them, and the rule that gives each new body its
 * owner: the test whose work made the request ({@link HandOver}: the test's own thread, a task it handed to
 * an executor, a thread it started; for an asynchronous request, the test whose work made the request, as
 * its creation site remembers), else none of them. Sequential or parallel, no test is ever guessed: a body
 * that no test's work made is {@link #UNATTRIBUTED}, fails no test, and its leak is counted as such.
 *
 * <p>A test's verdict is decided when it ends; the bodies it owns that are still open and still referenced
 * then are decided again when its class ends, after a forced collection: one leaked by then fails the class,
 * naming the test.
 */
public final class RunningTests {
    /** The owner of a body made while tests ran, by no test's work. */
    static final Object UNATTRIBUTED = new Object() {
        @Override
        public String toString() {
            return "unattributed";
        }
    };
    private static final Map<String, AtomicInteger> RUNNING_CLASSES = new ConcurrentHashMap<>();
    /** The ended tests of each running class, whose late leaks and open bodies the class's end decides. */
    private static final Map<String, List<TestRun>> ENDED = new ConcurrentHashMap<>();
    /** True once a test framework registered a test: leaks then fail tests, not the next request. */
    private static volatile boolean used;

    private RunningTests() {
    }

    /** A test starts on this thread; {@code container} is its class. */
    public static TestRun begin(String name, String container) {
        return begin(name, container, null, null);
    }

    /**
     * A test starts on this thread: {@code name} is its display name, {@code container} its class, {@code id}
     * the framework's unique id of it and {@code method} its method's name (both may be null).
     */
    public static TestRun begin(String name, String container, String id, String method) {
        firstUse();
        TestRun run = new TestRun(name, container, id, method);
        run.previous = HandOver.enter(run);
        return run;
    }

    /**
     * The test ended: checks its bodies (forcing a collection, at most {@code maxMillis}, only if some are
     * still open). Those still open and referenced are decided again when its class ends ({@link #endClass}).
     */
    public static TestCheck end(TestRun run, long maxMillis) {
        TestCheck check = null;
        try {
            check = PerTestChecks.checkTest(run, maxMillis);
            return check;
        } finally {
            run.ended = true;
            HandOver.leave(run.previous != null && !run.previous.ended ? run.previous : null);
            // a test that could not be decided failed saying so: its class does not try again
            List<TestRun> ended = check != null && check.undecided() == null && RUNNING_CLASSES.containsKey(run.container)
                    ? ENDED.get(run.container) : null;
            if (ended != null) {
                synchronized (ended) {
                    ended.add(run);
                }
                if (check != null) {
                    check.decidedLater = true;
                }
            } else {
                run.closeLate(); // no class end will decide again (a method annotated alone, or undecided)
            }
        }
    }

    /** A test class starts ({@code beforeAll}). */
    public static void beginClass(String container) {
        firstUse();
        RUNNING_CLASSES.computeIfAbsent(container, k -> new AtomicInteger()).incrementAndGet();
        ENDED.computeIfAbsent(container, k -> new ArrayList<>());
    }

    /**
     * A test class ends ({@code afterAll}): the bodies of its tests that were still open and referenced when
     * their test ended, or made later by their work, are decided now, after a forced collection if some are
     * still open.
     */
    public static TestCheck endClass(String container, long maxMillis) {
        AtomicInteger n = RUNNING_CLASSES.get(container);
        if (n == null || n.decrementAndGet() > 0) {
            return new TestCheck(new ArrayList<>(), new ArrayList<>(), null); // the same class runs still
        }
        RUNNING_CLASSES.remove(container, n);
        List<TestRun> ended = ENDED.remove(container);
        List<TestRun> runs;
        synchronized (ended) {
            runs = new ArrayList<>(ended);
        }
        return PerTestChecks.checkClass(runs, maxMillis);
    }

    /** The first test or class: weaves the hand-over points before any test's work runs (another waits for it). */
    private static void firstUse() {
        if (!used) {
            synchronized (RunningTests.class) {
                if (!used) {
                    PerTestChecks.watch();
                    HandOver.weaveOnce();
                    used = true;
                }
            }
        }
    }

    static boolean used() {
        return used;
    }

    /**
     * The owner of a body created now: the test whose work made the request (as {@code site} remembers it
     * when it was taken on the requesting thread, else this thread's), {@link #UNATTRIBUTED} if tests are
     * being run but none made it, or null before the first test.
     */
    static Object ownerOf(CreationSite site) {
        if (!used) {
            return null;
        }
        TestRun test = site != null ? site.test : HandOver.current();
        return test != null ? test : used ? UNATTRIBUTED : null;
    }
}
