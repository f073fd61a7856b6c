package dev.bodycheck.instrument;

import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Advice that is the same whatever the library: the fail-fast check at the start of a request, the application's
 * call into the library, and the ends of a body whose hook method belongs to the body itself (or to its alias).
 */
public final class Ends {
    private Ends() {
    }

    /** With failFast=true, a request made after a leak was reported throws it (so: no suppress). */
    public static final class FailFast {
        @Advice.OnMethodEnter
        static void enter() {
            Tracker.failFastCheck();
        }
    }

    /**
     * The application's call into the library, on its own thread, above the library's own call chain: when every
     * body gets a stack, it is taken here, fewer frames above the application's line than where the body is made
     * ({@link Tracker#enterRequest}); a body opened on another thread is not one of this call's.
     */
    public static final class Entry {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter() {
            return Tracker.enterRequest();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object previous) {
            Tracker.exitRequest(previous);
        }
    }

    /** The library saw the end of the body ({@code this}): consumed. */
    public static final class Consumed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object body) {
            Tracker.consumed(body);
        }
    }

    /** The body ({@code this}) was closed, aborted or failed before its end. */
    public static final class Closed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object body) {
            Tracker.closed(body);
        }
    }

    /** {@code this} is an alias of a body (a connection holder) and ended it. */
    public static final class ClosedVia {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object alias) {
            Tracker.closedVia(alias);
        }
    }
}
