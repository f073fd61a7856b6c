package dev.bodycheck.transport;

import dev.bodycheck.runtime.BodyRef;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import java.util.function.BooleanSupplier;

/**
 * The calls into the bodycheck runtime. Loaded only once {@link RuntimeLink#isPresent()} said the runtime
 * runs: the one class of the transport that names runtime classes.
 */
final class Tracking {
    private Tracking() {
    }

    /**
     * Tracks {@code body}; its handle, or null if this transport is not tracked ({@code clients=}).
     * {@code leakCleanup} closes its connection if it leaks (the transport's own reclaim, option or not).
     */
    static Object open(ResponseBody body, Request request, int status, BooleanSupplier leakCleanup) {
        ResponseFacts facts = ResponseFacts.of(RuntimeLink.CLIENT_ID, request.method(), request.uri().toString(),
                status);
        return Tracker.open(body, facts, null, leakCleanup);
    }

    static void read(Object handle, int n) {
        ((BodyRef) handle).read(n);
    }

    static void consumed(Object handle) {
        ((BodyRef) handle).consumed();
    }

    static void closed(Object handle) {
        ((BodyRef) handle).closed();
    }

    static void failFastCheck() {
        Tracker.failFastCheck();
    }
}
