package dev.bodycheck.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;

/**
 * One HTTP library whose bodies are tracked, as the agent registered it ({@link Clients#register}): its id
 * in options and reports, what its frames look like (so that a creation stack starts at the application's
 * line), and its counts. The runtime knows no library by name: everything here comes from the agent's
 * {@code instrument/<library>/} package.
 */
public final class Client {
    private final String id;
    private final boolean tracked;
    /** Frames of the library itself: a creation stack starts below them, at the application's line. */
    private final String[] framePrefixes;
    /**
     * The methods through which an application makes a request ({@code class.method}). The frame that
     * called the topmost of them is the application's line, even when other code runs inside the library
     * above it (interceptors, another agent's tracing).
     */
    private final String[] entryMethods;
    /**
     * For a library that reads ahead of the application: how many bytes of what it already read are still
     * unread by the application, in the object handed to {@link Tracker#sourceEnded}; null if it never does.
     */
    private final ToLongFunction<Object> unreadBytes;
    /** Exact counts of each transition, indexed by {@link State#ordinal()}; contended writers do not share a cell. */
    private final LongAdder[] counts = new LongAdder[State.values().length];
    /** Leaks an ignore rule kept from being reported (they are in LEAKED too). */
    private final LongAdder ignored = new LongAdder();
    /** How this library gives back the connection of a leaked body; null if it cannot. */
    private final BiPredicate<Object, Long> reclaimer;
    /** The library gives the connection of a leaked body back whatever the {@code reclaim} option says. */
    private final boolean reclaimsAlways;
    /** False where the agent cannot see whether an open body still holds its connection. */
    private final boolean tellsPinned;
    /** Leaks whose connection was given back (they are in LEAKED too). */
    private final LongAdder reclaimed = new LongAdder();
    /** Leaks found while tests ran that no test's work made (see {@code RunningTests}). */
    private final LongAdder unattributed = new LongAdder();
    /** When this client's pool last had a collection run for it ({@link Tracker#poolExhausted}). */
    final AtomicLong lastHealNanos = new AtomicLong(System.nanoTime() - 2_000_000_000L);

    Client(String id, boolean tracked, String[] framePrefixes, String[] entryMethods,
            ToLongFunction<Object> unreadBytes, BiPredicate<Object, Long> reclaimer, boolean reclaimsAlways,
            boolean tellsPinned) {
        this.id = id;
        this.tellsPinned = tellsPinned;
        this.reclaimer = reclaimer;
        this.reclaimsAlways = reclaimsAlways;
        this.unreadBytes = unreadBytes;
        this.tracked = tracked;
        this.framePrefixes = framePrefixes.clone();
        this.entryMethods = entryMethods.clone();
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public String id() {
        return id;
    }

    /** False when the {@code clients} option left this library out. */
    boolean isTracked() {
        return tracked;
    }

    boolean isEntryFrame(StackTraceElement frame) {
        for (String e : entryMethods) {
            int dot = e.lastIndexOf('.');
            if (frame.getMethodName().equals(e.substring(dot + 1))
                    && frame.getClassName().regionMatches(0, e, 0, dot) && frame.getClassName().length() == dot) {
                return true;
            }
        }
        return false;
    }

    boolean isLibraryFrame(String className) {
        for (String prefix : framePrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Bytes the application has not read of {@code readAhead}; -1 if this client cannot tell. */
    long unread(Object readAhead) {
        if (unreadBytes == null) {
            return -1;
        }
        try {
            return unreadBytes.applyAsLong(readAhead);
        } catch (RuntimeException | LinkageError e) {
            Problems.internalError(e);
            return -1;
        }
    }

    /** The library gives the connection of a leaked body back itself, whatever {@code reclaim} says. */
    boolean reclaimsItself() {
        return reclaimsAlways;
    }

    boolean tellsPinned() {
        return tellsPinned;
    }

    /** OPEN counts a body opened; the other states count bodies that reached them. */
    void count(State state) {
        counts[state.ordinal()].increment();
    }

    /** A leak that no test's work made was found while tests ran. */
    void countUnattributed() {
        unattributed.increment();
    }

    void countIgnored() {
        ignored.increment();
    }

    /** Whether the connection side of a body opened now is to be kept, to be given back if it leaks. */
    boolean reclaims() {
        return reclaimer != null && (reclaimsAlways || Lifecycle.reclaim());
    }

    /** Gives back the connection of a leaked body; true if one was given back (and then counted). */
    boolean reclaim(Object connection, long bytesRead) {
        try {
            if (reclaimer != null && reclaimer.test(connection, bytesRead)) {
                reclaimed.increment();
                return true;
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        return false;
    }

    long reclaimed() {
        return reclaimed.sum();
    }

    Stats stats() {
        // the ends before the starts, so that "open" is never negative
        long consumed = counts[State.CONSUMED.ordinal()].sum();
        long closed = counts[State.CLOSED.ordinal()].sum();
        long leaked = counts[State.LEAKED.ordinal()].sum();
        long opened = counts[State.OPEN.ordinal()].sum();
        return new Stats(opened, consumed, closed, leaked, ignored.sum(), reclaimed.sum(), unattributed.sum(), null);
    }

    @Override
    public String toString() {
        return id;
    }
}
