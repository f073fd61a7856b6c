package dev.bodycheck.runtime;

import java.util.Collections;
import java.util.List;

/** What a per-test check found: the reports of bodies that leaked, and the bodies still open and referenced. */
public final class TestCheck {
    private final List<String> leaks;
    private final List<String> stillOpen;

    TestCheck(List<String> leaks, List<String> stillOpen) {
        this.leaks = Collections.unmodifiableList(leaks);
        this.stillOpen = Collections.unmodifiableList(stillOpen);
    }

    /** One LEAK block for each body that was garbage-collected while open. */
    public List<String> leaks() {
        return leaks;
    }

    /** One line for each body neither closed nor read to EOF that is still referenced. */
    public List<String> stillOpen() {
        return stillOpen;
    }

    /** "2 response bodies leaked in test():" and the reports, for a test failure. */
    public static String describe(List<String> reports, String what) {
        StringBuilder sb = new StringBuilder().append(reports.size())
                .append(reports.size() == 1 ? " response body " : " response bodies ").append(what).append(':');
        for (String r : reports) {
            sb.append('\n').append(r);
        }
        return sb.toString();
    }
}
