package dev.bodycheck.junit;

import dev.bodycheck.UnclosedBodyError;
import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.RunningTests;
import dev.bodycheck.runtime.TestCheck;
import dev.bodycheck.runtime.TestRun;

/** The runtime calls of the per-test check, loaded only once the agent is attached. */
final class TestChecks {
    /** How long a check may force collections. */
    private static final long MAX_MILLIS = 2000;

    private TestChecks() {
    }

    /** The test starts on this thread. */
    static Object start(String test, String container, String id, String method) {
        return RunningTests.begin(test, container, id, method);
    }

    static void finish(Object started, String test, boolean failOnOpen) {
        TestCheck check = RunningTests.end((TestRun) started, MAX_MILLIS);
        if (!check.leaks().isEmpty()) {
            throw failure(TestCheck.describe(check.leaks(), "leaked in " + test));
        }
        if (check.undecided() != null) {
            throw failure("could not check " + test + " for leaked response bodies: " + check.undecided());
        }
        if (!check.stillOpen().isEmpty()) {
            String message = TestCheck.describe(check.stillOpen(), "created in " + test
                    + " still open (neither closed nor read to EOF) and still referenced");
            if (failOnOpen) {
                throw failure(message);
            }
            if (!check.decidedLater()) {
                Problems.line("bodycheck: warning: " + message);
            } // else decided when the class ends: a failure naming this test if they leaked, else a warning
        }
    }

    static void beginClass(String container) {
        RunningTests.beginClass(container);
    }

    /**
     * The class ended: the bodies of its tests still open and referenced when their test ended are decided
     * now. A leak fails the class, its message naming the test ("1 response body leaked in leaks() (decided
     * when HttpsTest ended): jdk GET ..."); those still referenced get a warning.
     */
    static void finishClass(String container, String simpleName) {
        TestCheck check = RunningTests.endClass(container, MAX_MILLIS);
        if (!check.leaks().isEmpty()) {
            throw failure(TestCheck.describe(stripNames(check.leaks()), "leaked in " + names(check.leaks())
                    + " (decided when " + simpleName + " ended)"));
        }
        if (check.undecided() != null) {
            throw failure("could not check " + simpleName + " for leaked response bodies: " + check.undecided());
        }
        if (!check.stillOpen().isEmpty()) {
            Problems.line("bodycheck: warning: " + TestCheck.describe(stripNames(check.stillOpen()), "created in "
                    + names(check.stillOpen()) + " still open (neither closed nor read to EOF) and still referenced when "
                    + simpleName + " ended"));
        }
    }

    /** The tests named by the class check's lines ({@code name}, tab, text), each once, in order. */
    private static String names(java.util.List<String> lines) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String line : lines) {
            names.add(line.substring(0, line.indexOf('\t')));
        }
        return String.join(", ", names);
    }

    private static java.util.List<String> stripNames(java.util.List<String> lines) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (String line : lines) {
            texts.add(line.substring(line.indexOf('\t') + 1));
        }
        return texts;
    }

    /**
     * The error a test fails with: the first line of {@code text} is its message, the rest (the creation
     * stacks) is printed in place of its own stack, which would show the extension and JUnit running it.
     */
    private static UnclosedBodyError failure(String text) {
        int eol = text.indexOf('\n');
        return eol < 0 ? new UnclosedBodyError(text, "") : new UnclosedBodyError(text.substring(0, eol), text.substring(eol + 1));
    }
}
