package dev.bodycheck.runtime;

import dev.bodycheck.UnclosedBodyError;

/** {@code failFast=true} outside a test framework: the next request after a leak throws that leak's report. */
final class FailFast {
    private static volatile String pending;

    private FailFast() {
    }

    static void leaked(String report) {
        if (report != null && Lifecycle.config().failFast()) {
            pending = report;
        }
    }

    /** A per-test check failed its test with the leak: the next request need not throw it again. */
    static void reported() {
        pending = null;
    }

    static void check() {
        String report = pending;
        if (report != null && Lifecycle.config().failFast()) {
            pending = null;
            throw new UnclosedBodyError(report);
        }
    }
}
