package dev.bodycheck.runtime;

import dev.bodycheck.UnclosedBodyError;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code failFast=true} outside a test framework: the next request after a leak throws, with the failure
 * text of every leak found since the previous throw. Every leak counts, however often its site leaked
 * before (the log's per-site limit does not apply here); ignored sites never get here.
 */
final class FailFast {
    /** Guarded by itself. */
    private static final List<String> PENDING = new ArrayList<>();
    private static volatile boolean pending;

    private FailFast() {
    }

    static void leaked(String failure) {
        if (failure != null && Lifecycle.config().failFast()) {
            synchronized (PENDING) {
                PENDING.add(failure);
                pending = true;
            }
        }
    }

    static void check() {
        if (!pending || !Lifecycle.config().failFast()) {
            return;
        }
        List<String> leaks;
        synchronized (PENDING) {
            leaks = new ArrayList<>(PENDING);
            PENDING.clear();
            pending = false;
        }
        if (!leaks.isEmpty()) {
            throw new UnclosedBodyError(TestCheck.describe(leaks, "leaked before this request"));
        }
    }
}
