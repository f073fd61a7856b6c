package dev.bodycheck.runtime;

import java.util.Collections;
import java.util.List;

/** What a per-test check found: the reports of bodies that leaked, and the bodies still open and referenced. */
public final class TestCheck {
    private final List<String> leaks;
    private final List<String> stillOpen;
    private final String undecided;
    /** Set when the bodies still open are decided again when the test's class ends. */
    boolean decidedLater;

    TestCheck(List<String> leaks, List<String> stillOpen, String undecided) {
        this.leaks = Collections.unmodifiableList(leaks);
        this.stillOpen = Collections.unmodifiableList(stillOpen);
        this.undecided = undecided;
    }

    /** Why the check could not decide whether some bodies leaked (no collection could be forced), or null. */
    public String undecided() {
        return undecided;
    }

    /**
     * For each body garbage-collected while open: its first line names the request and the application's
     * line, the next ones the application frames of its creation stack.
     */
    public List<String> leaks() {
        return leaks;
    }

    /** True if the bodies {@link #stillOpen()} are decided again when the test's class ends. */
    public boolean decidedLater() {
        return decidedLater;
    }

    /** One line for each body neither closed nor read to EOF that is still referenced. */
    public List<String> stillOpen() {
        return stillOpen;
    }

    /**
     * A failure message: "1 response body leaked in test(): okhttp GET ... at ..." and the frames; for
     * several, "2 response bodies leaked in test():" and each report on the lines below.
     */
    public static String describe(List<String> reports, String what) {
        StringBuilder sb = new StringBuilder().append(reports.size())
                .append(reports.size() == 1 ? " response body " : " response bodies ").append(what).append(':');
        for (String r : reports) {
            sb.append(reports.size() == 1 ? " " : "\n").append(r);
        }
        return sb.toString();
    }
}
