package dev.bodycheck.junit;

import dev.bodycheck.UnclosedBodyError;
import dev.bodycheck.runtime.PerTestChecks;
import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.TestCheck;

/** The runtime calls of the per-test check, loaded only once the agent is attached. */
final class TestChecks {
    private TestChecks() {
    }

    /** Where this test starts: the order of the next body, and the test's thread. */
    static long[] start() {
        PerTestChecks.watch();
        return new long[] {PerTestChecks.mark(), Thread.currentThread().getId()};
    }

    static void finish(Object started, String test, boolean failOnOpen) {
        long[] start = (long[]) started;
        TestCheck check = PerTestChecks.check(start[0], start[1], 2000);
        if (!check.leaks().isEmpty()) {
            throw new UnclosedBodyError(TestCheck.describe(check.leaks(), "leaked in " + test));
        }
        if (!check.stillOpen().isEmpty()) {
            String message = TestCheck.describe(check.stillOpen(), "created in " + test
                    + " still open (neither closed nor read to EOF) and still referenced");
            if (failOnOpen) {
                throw new UnclosedBodyError(message);
            }
            Problems.line("bodycheck: warning: " + message);
        }
    }
}
