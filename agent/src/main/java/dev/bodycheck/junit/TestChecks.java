package dev.bodycheck.junit;

import dev.bodycheck.UnclosedBodyError;
import dev.bodycheck.runtime.TestCheck;
import dev.bodycheck.runtime.Tracker;

/** The runtime calls of the per-test check, loaded only once the agent is attached. */
final class TestChecks {
    private TestChecks() {
    }

    /** Where this test starts: the order of the next body, and the test's thread. */
    static long[] start() {
        Tracker.watch();
        return new long[] {Tracker.mark(), Thread.currentThread().getId()};
    }

    static void finish(Object started, String test, boolean failOnOpen) {
        long[] start = (long[]) started;
        TestCheck check = Tracker.check(start[0], start[1], 2000);
        if (!check.leaks().isEmpty()) {
            throw new UnclosedBodyError(message(check.leaks().size(), "leaked in " + test, check.leaks()));
        }
        if (!check.stillOpen().isEmpty()) {
            String message = message(check.stillOpen().size(), "created in " + test
                    + " are still open (neither closed nor read to EOF) and still referenced", check.stillOpen());
            if (failOnOpen) {
                throw new UnclosedBodyError(message);
            }
            Tracker.problem("bodycheck: warning: " + message);
        }
    }

    private static String message(int count, String what, Iterable<String> reports) {
        StringBuilder sb = new StringBuilder().append(count).append(count == 1 ? " response body " : " response bodies ")
                .append(what).append(':');
        for (String r : reports) {
            sb.append("\n").append(r);
        }
        return sb.toString();
    }
}
