package dev.bodycheck;

import dev.bodycheck.runtime.PerTestChecks;
import dev.bodycheck.runtime.Stats;
import dev.bodycheck.runtime.TestCheck;
import dev.bodycheck.runtime.Tracker;

/** The calls into the runtime behind {@link BodyCheck}, loaded only once the agent is attached. */
final class Checks {
    private static long lastMark = -1;

    private Checks() {
    }

    static synchronized void assertNoLeaks() {
        PerTestChecks.watch();
        long mark = lastMark < 0 ? 0 : lastMark;
        lastMark = PerTestChecks.mark();
        TestCheck check = PerTestChecks.check(mark, -1, 2000);
        if (!check.leaks().isEmpty()) {
            throw new UnclosedBodyError(TestCheck.describe(check.leaks(), "leaked"));
        }
        if (check.undecided() != null) {
            throw new UnclosedBodyError("could not check for leaked response bodies: " + check.undecided());
        }
    }

    static void watch() {
        PerTestChecks.watch();
    }

    static Stats stats() {
        return Tracker.stats();
    }
}
