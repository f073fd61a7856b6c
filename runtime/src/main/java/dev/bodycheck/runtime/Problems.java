package dev.bodycheck.runtime;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Where the agent's own troubles go: one line on stderr for each problem a user can fix (bad options,
 * unwritable files), and one counted handler for errors inside the tracker, which never reach the
 * application.
 */
public final class Problems {
    private static final LongAdder INTERNAL_ERRORS = new LongAdder();
    private static volatile boolean firstErrorShown;

    /** {@link #line}, as a consumer. No lambda: the first one costs the JVM tens of milliseconds at start-up. */
    public static final Consumer<String> LINES = new Consumer<String>() {
        @Override
        public void accept(String line) {
            line(line);
        }
    };

    private Problems() {
    }

    /** One line on stderr. Never stops the application. */
    public static void line(String line) {
        System.err.println(line);
    }

    /** An error inside the tracker: counted, and the first one shown. */
    public static void internalError(Throwable t) {
        INTERNAL_ERRORS.increment();
        if (!firstErrorShown) {
            firstErrorShown = true;
            line("bodycheck: internal error, swallowed (further ones are only counted): " + t);
        }
    }

    public static long internalErrors() {
        return INTERNAL_ERRORS.sum();
    }
}
