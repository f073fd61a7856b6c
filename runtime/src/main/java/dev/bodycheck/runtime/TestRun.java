package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One test, as a test framework registered it ({@link RunningTests#begin}): the failure texts of the bodies
 * charged to it that were found leaked before its check, and of those found leaked after it, until its class
 * ends.
 */
public final class TestRun {
    /** The test's display name as a failure names it, e.g. {@code leaks()}. */
    final String name;
    /** The test's class (its container), e.g. {@code com.example.HeartbeatTest}. */
    final String container;
    /** The framework's unique id of the test (JUnit's {@code [engine:junit-jupiter]/[class:...]/[method:...]}), or null. */
    final String id;
    /** The test method's name, e.g. {@code leaks}, or null. */
    final String method;
    /** The test this thread did the work of before this one began (nested execution), or null. */
    TestRun previous;
    private final List<String> leaks = new ArrayList<>();
    private final List<String> late = new ArrayList<>();
    private boolean checked;
    private boolean closed;
    volatile boolean ended;

    TestRun(String name, String container, String id, String method) {
        this.name = name;
        this.container = container;
        this.id = id;
        this.method = method;
    }

    /**
     * Charges this test with a leak: before its check, it fails the test; after, until its class ends, the
     * class. False once both are over (the leak is then counted as unattributed).
     */
    synchronized boolean charge(String failure) {
        if (closed) {
            return false;
        }
        (checked ? late : leaks).add(failure);
        return true;
    }

    /** The leaks charged before the test's check; later ones are kept for its class. */
    synchronized List<String> closeLeaks() {
        checked = true;
        return new ArrayList<>(leaks);
    }

    /** The leaks charged after the test's check; none is charged after this. */
    synchronized List<String> closeLate() {
        checked = true;
        closed = true;
        return new ArrayList<>(late);
    }

    /** {@code Class.method()}, for reports that name tests of several classes. */
    String qualifiedName() {
        int dot = container.lastIndexOf('.');
        return container.substring(dot + 1) + "." + name;
    }
}
