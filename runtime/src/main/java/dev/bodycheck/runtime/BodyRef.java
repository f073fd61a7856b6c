package dev.bodycheck.runtime;

/**
 * The tracker's record of one open body: a weak reference to it (never a strong one) and the facts a
 * report needs once the body is gone. It is also the body's handle: a body that the agent made itself
 * (the JDK client's wrappers, the reference transport's {@code ResponseBody}) keeps it and reports its
 * reads and its end through it, without a lookup.
 */
public final class BodyRef extends WeakIdentityTable.Entry {
    final ResponseFacts facts;
    final long openedNanos;
    /**
     * Where the body comes from, in one field (two more would make the record 8 bytes larger): the name of the
     * thread that made the request, a {@link String}, when its stack was not sampled and no test framework or check
     * watches (most of the time); its {@link CreationSite}, which names that thread, when sampled; a
     * {@link ForTests} while a framework or check watches, which holds both. See {@link #thread()}, {@link #site()}.
     */
    private final Object origin;
    /**
     * The connection side of the body's exchange (never the body), kept only while {@code reclaim} applies
     * to its client: what {@link Client#reclaim} gives back if the body leaks. Dropped when the body ends.
     */
    volatile Object connection;
    /** Set by the reaper before the leak is reported: its connection was given back. */
    volatile boolean reclaimed;
    /** Written by the reading thread only; a report may see it a little stale, never torn on a 64-bit VM. */
    long bytesRead;
    /**
     * Until {@link #released}: the buffer the application reads from, when the library put a decoder (gzip)
     * between it and the network source (then that, not the network buffer, says what the application has
     * still to read), else null. From then on: the library's buffer of what the application has still to read
     * ({@link #readAhead()}). It holds bytes, never the body. One field for both (and {@link #origin}) keeps the
     * record at 80 B.
     */
    private volatile Object buffer;
    /** Set when the library read the body to its end ahead of the application and released its connection. */
    private volatile boolean released;
    volatile boolean warnedOpen;
    /**
     * Set when the body ended and its record left the table. The weak reference stays set (clearing it is a
     * native call on JDK 17): a record out of the table is unreachable, so the collector never finds it, and
     * the reaper passes over one that a thread's last read still held.
     */
    boolean ended;
    /**
     * Set when the body was handed over ({@link OpenBodies#moveTo}): the record that carries it on. An end or a
     * read through this record (an alias's, a handle the library or a wrapper kept) reaches that one.
     */
    volatile BodyRef movedTo;
    /**
     * The record before this one in {@link LinkedRecords} while it is there, else null. A body that holds its
     * record ({@link HasBodyRef}) has it there, with the opening thread's id for a hash and {@code next} the record
     * after it; any other body's record is in the identity table, keyed by the body's identity hash. (No flag says
     * which: it would make the record 8 bytes larger.)
     */
    BodyRef prev;

    /**
     * {@code requester}: the thread that made the request, when not this one (may be null); {@code held}: the body
     * holds its record ({@link HasBodyRef}), whose stripe is then the opening thread's (no identity hash).
     */
    BodyRef(Object body, boolean held, ResponseFacts facts, CreationSite site, RequestThread requester,
            Object connection,
            long sequence) {
        super(body, Reaper.QUEUE, held ? (int) Thread.currentThread().getId() : System.identityHashCode(body));
        this.facts = facts;
        this.openedNanos = System.nanoTime();
        Thread current = Thread.currentThread();
        String thread = site != null ? site.thread : requester != null ? requester.name : current.getName();
        if (PerTestChecks.watching()) {
            long threadId = site != null ? site.threadId : requester != null ? requester.id : current.getId();
            this.origin = new ForTests(thread, site, threadId, sequence, RunningTests.ownerOf(site));
        } else {
            this.origin = site != null ? site : thread;
        }
        this.connection = connection != null && facts.client.reclaims() ? connection : null;
    }

    /**
     * The origin of a body opened while a test framework or check watches: the thread that made the request (its
     * name and id), its stack if sampled, the body's place in the order of all opens, and the test it is charged
     * to. Kept apart so that a body opened outside tests costs nothing for them.
     */
    static final class ForTests {
        final String thread;
        /** Null when the stack was not sampled. */
        final CreationSite site;
        final long threadId;
        final long sequence;
        /** {@link TestRun}, {@link RunningTests#UNATTRIBUTED}, or null: see {@link RunningTests}. */
        final Object owner;

        ForTests(String thread, CreationSite site, long threadId, long sequence, Object owner) {
            this.thread = thread;
            this.site = site;
            this.threadId = threadId;
            this.sequence = sequence;
            this.owner = owner;
        }
    }

    /** The name of the thread that made the request. */
    String thread() {
        Object o = origin;
        return o instanceof String ? (String) o
                : o instanceof CreationSite ? ((CreationSite) o).thread : ((ForTests) o).thread;
    }

    /** The creation stack; null when it was not sampled. */
    CreationSite site() {
        Object o = origin;
        return o instanceof CreationSite ? (CreationSite) o : o instanceof ForTests ? ((ForTests) o).site : null;
    }

    /** What per-test checks need of the body; null if opened while no test framework or check watched. */
    private ForTests tests() {
        Object o = origin;
        return o instanceof ForTests ? (ForTests) o : null;
    }

    /** The body's place in the order of opens; 0 if opened while no check watched (before every mark). */
    long sequence() {
        ForTests tests = tests();
        return tests == null ? 0 : tests.sequence;
    }

    /** The requesting thread's id as per-test checks saw it; -1 if opened while none watched. */
    long threadId() {
        ForTests tests = tests();
        return tests == null ? -1 : tests.threadId;
    }

    /** The test this body is charged to ({@link TestRun}), {@link RunningTests#UNATTRIBUTED}, or null. */
    Object owner() {
        ForTests tests = tests();
        return tests == null ? null : tests.owner;
    }

    /**
     * The record of {@code from}'s body, which now reaches the application through {@code body}: the same
     * facts, site, owner, age, count of bytes read, read-ahead buffer and open-too-long warning.
     */
    BodyRef(Object body, boolean held, BodyRef from) {
        super(body, Reaper.QUEUE, held ? (int) Thread.currentThread().getId() : System.identityHashCode(body));
        this.facts = from.facts;
        this.openedNanos = from.openedNanos;
        this.origin = from.origin;
        this.connection = from.connection;
        this.bytesRead = from.bytesRead;
        this.buffer = from.buffer;
        this.released = from.released;
        this.warnedOpen = from.warnedOpen;
    }

    /** {@code n > 0} bytes of the body were read. */
    public void read(long n) {
        BodyRef r = this;
        for (BodyRef next; (next = r.movedTo) != null; ) {
            r = next;
        }
        r.bytesRead += n;
    }

    /** The body was read to its end. */
    public void consumed() {
        OpenBodies.end(this, State.CONSUMED);
    }

    /** The body was closed, aborted or failed before its end; after {@link #consumed}, nothing changes. */
    public void closed() {
        OpenBodies.end(this, State.CLOSED);
    }

    /** Ends the body of {@code handle}, if it is tracked. */
    static void end(BodyRef handle, State state) {
        if (handle != null) {
            OpenBodies.end(handle, state);
        }
    }

    /**
     * Whether the body still held its connection (socket, cache file) when it was found leaked: not if the
     * library had read it to its end and released the connection already.
     */
    boolean pinned() {
        return !released;
    }

    /**
     * {@link #pinned} as a report may claim it: null where the client cannot tell whether the body still held
     * its connection (and the library did not say it let it go).
     */
    Boolean pinnedAsKnown() {
        return released ? Boolean.FALSE : facts.client.tellsPinned() ? Boolean.TRUE : null;
    }

    /** The decoder's output the application reads from, until the library released the connection; else null. */
    Object applicationBuffer() {
        return released ? null : buffer;
    }

    /** The application reads from {@code decoderOutput} (set before the library released the connection). */
    void readThrough(Object decoderOutput) {
        if (!released) {
            buffer = decoderOutput;
        }
    }

    /** The library's buffer of what the application has still to read, once it released the connection; else null. */
    Object readAhead() {
        return released ? buffer : null;
    }

    /** The library read to the end ahead of the application and released the connection; {@code left} holds the rest. */
    void readAhead(Object left) {
        buffer = left;
        released = true;
    }

    /** Lets the library's buffer go (the body ended); the body stays one that pinned nothing. */
    void dropBuffer() {
        buffer = null;
    }

    Client client() {
        return facts.client;
    }

    long openMillis(long nowNanos) {
        return (nowNanos - openedNanos) / 1_000_000;
    }

    /** The creation stack from the application's line, and what led to it; null when it was not sampled. */
    ApplicationFrames.Trace trace(ApplicationFrames rules) {
        CreationSite site = site();
        return site != null ? site.trace(facts.client, rules) : null;
    }
}
