package dev.bodycheck.testapp;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;

/** Application code for the runtime's tests: its frames are not the agent's, so stacks start here. */
public final class App {
    private App() {
    }

    public static void openAndDrop(String path, Runnable onLeak) {
        Object body = new Object();
        java.util.function.BooleanSupplier reclaim = () -> {
            onLeak.run();
            return true;
        };
        Tracker.open(body, ResponseFacts.of("test", "GET", "http://127.0.0.1" + path, 200), null, reclaim);
        Tracker.read(body, 5);
        Tracker.read(body, 7);
    }

    public static void rememberHere(Object call) {
        Tracker.rememberSite(call);
    }

    /** A stack trace as if this line had made a request, for tests that build reports by hand. */
    public static StackTraceElement[] stackHere() {
        return new Throwable().getStackTrace();
    }
}
