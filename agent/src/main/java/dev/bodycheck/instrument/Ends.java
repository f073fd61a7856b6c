package dev.bodycheck.instrument;

import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Advice that is the same whatever the library: the fail-fast check at the start of a request, and the
 * ends of a body whose hook method belongs to the body itself (or to its alias).
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
