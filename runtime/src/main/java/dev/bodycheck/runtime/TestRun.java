package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One test while it runs, as a test framework registered it ({@link RunningTests#begin}): the bodies it is
 * charged with, and the failure texts of those found leaked before its check.
 */
public final class TestRun {
    /** The test framework's unique id of the test (JUnit's {@code [engine:..]/[class:..]/[method:..]}). */
    final String id;
    /** The test's name as a failure names it, e.g. {@code leaks()}. */
    final String name;
    /** The test's class (its container), e.g. {@code com.example.HeartbeatTest}. */
    final String container;
    final long threadId;
    /** The test that ran on this thread before this one began (nested execution), or null. */
    final TestRun previous;
    private final List<String> leaks = new ArrayList<>();
    private boolean checked;
    volatile boolean ended;

    TestRun(String id, String name, String container, long threadId, TestRun previous) {
        this.id = id;
        this.name = name;
        this.container = container;
        this.threadId = threadId;
        this.previous = previous;
    }

    /** Charges this test with a leak; false if its check is over (the leak is then only logged). */
    synchronized boolean charge(String failure) {
        if (checked) {
            return false;
        }
        leaks.add(failure);
        return true;
    }

    /** The leaks charged so far; none is charged after this. */
    synchronized List<String> closeLeaks() {
        checked = true;
        return new ArrayList<>(leaks);
    }

    /** {@code Class.method()}, for reports that name tests of several classes. */
    String qualifiedName() {
        int dot = container.lastIndexOf('.');
        return container.substring(dot + 1) + "." + name;
    }
}
