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
    static Object start(String id, String test, String container) {
        return RunningTests.begin(id, test, container);
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
            Problems.line("bodycheck: warning: " + message);
        }
    }

    static void beginClass(String container) {
        RunningTests.beginClass(container);
    }

    static void finishClass(String container, String simpleName) {
        TestCheck check = RunningTests.endClass(container, MAX_MILLIS);
        if (!check.leaks().isEmpty()) {
            throw failure(TestCheck.describe(check.leaks(), "leaked in " + simpleName));
        }
        if (check.undecided() != null) {
            throw failure("could not check " + simpleName + " for leaked response bodies: " + check.undecided());
        }
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
