package dev.bodycheck.runtime;

/**
 * The owner of a body created on a thread that runs no test while several tests ran: it cannot be
 * charged to one of them, so it fails no test; if it leaks, the class of these tests that ends last fails.
 */
final class Unattributed {
    final TestRun[] candidates;
    final String thread;

    Unattributed(TestRun[] candidates, String thread) {
        this.candidates = candidates;
        this.thread = thread;
    }

    boolean allEnded() {
        for (TestRun t : candidates) {
            if (!t.ended) {
                return false;
            }
        }
        return true;
    }

    boolean involves(String container) {
        for (TestRun t : candidates) {
            if (t.container.equals(container)) {
                return true;
            }
        }
        return false;
    }

    boolean singleContainer() {
        for (TestRun t : candidates) {
            if (!t.container.equals(candidates[0].container)) {
                return false;
            }
        }
        return true;
    }
}
