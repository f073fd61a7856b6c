package dev.bodycheck;

import dev.bodycheck.runtime.Stats;
import dev.bodycheck.runtime.TestCheck;
import dev.bodycheck.runtime.Tracker;

/** The calls into the runtime behind {@link BodyCheck}, loaded only once the agent is attached. */
final class Checks {
    private static long lastMark = -1;

    private Checks() {
    }

    static synchronized void assertNoLeaks() {
        Tracker.watch();
        long mark = lastMark < 0 ? 0 : lastMark;
        lastMark = Tracker.mark();
        TestCheck check = Tracker.check(mark, -1, 2000);
        if (!check.leaks().isEmpty()) {
            throw new UnclosedBodyError(message(check.leaks().size(), "leaked", check.leaks()));
        }
    }

    static void watch() {
        Tracker.watch();
    }

    static Stats stats() {
        return Tracker.stats();
    }

    /** "2 response bodies leaked:" and the reports, one after the other. */
    static String message(int count, String what, Iterable<String> reports) {
        StringBuilder sb = new StringBuilder().append(count).append(count == 1 ? " response body " : " response bodies ")
                .append(what).append(':');
        for (String r : reports) {
            sb.append("\n").append(r);
        }
        return sb.toString();
    }
}
