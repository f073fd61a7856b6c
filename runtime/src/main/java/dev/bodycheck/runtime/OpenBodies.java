package dev.bodycheck.runtime;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry of open bodies. Each has a {@link BodyRef}, which holds no strong reference to its body: in
 * {@link LinkedRecords} when the body holds its record in a field ({@link HasBodyRef}: found from the body with
 * no lookup), else in an identity table. Ending a body removes its reference from its registry, so the two hold
 * exactly the open bodies. The removed reference is not cleared: nothing holds it any more, and the collector only
 * enqueues a reference that is itself reachable, so what reaches the reaper is a leak, or now and then an
 * ended record that a thread still held, which {@link #takeLeaked} turns away. Removing an entry is the one
 * point where a body's end is decided, so each body ends exactly once (first end wins).
 */
final class OpenBodies {
    private static final WeakIdentityTable<BodyRef> OPEN = new WeakIdentityTable<>();
    /** The records of the bodies that hold them ({@link HasBodyRef}). */
    private static final LinkedRecords HELD = new LinkedRecords();
    /** Orders every open; a test checks the bodies opened after its start. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final ReferenceQueue<Object> ALIAS_KEYS = new ReferenceQueue<>();
    private static final WeakIdentityTable<Alias> ALIASES = new WeakIdentityTable<>();

    private OpenBodies() {
    }

    static BodyRef open(Object body, ResponseFacts facts, CreationSite site, RequestThread requester,
            Object connection) {
        if (body instanceof HasBodyRef) {
            return openHeld((HasBodyRef) body, facts, site, requester, connection);
        }
        BodyRef ref = new BodyRef(body, false, facts, site, requester, connection, nextSequence());
        OPEN.add(ref);
        facts.client.count(State.OPEN);
        return ref;
    }

    /**
     * {@link #open} of a body that holds its record: apart, so that the table's path, where no body holds one,
     * compiles as small as it did before there were such bodies (the JIT never inlines a method already compiled
     * to more than 2,500 bytes into its caller, the advice: JDK 17's {@code InlineSmallCode}).
     */
    private static BodyRef openHeld(HasBodyRef body, ResponseFacts facts, CreationSite site,
            RequestThread requester, Object connection) {
        BodyRef ref = new BodyRef(body, true, facts, site, requester, connection, nextSequence());
        body.bodycheck$ref(ref);
        HELD.add(ref);
        facts.client.count(State.OPEN);
        return ref;
    }

    /** The order of opens serves per-test checks only, which watch before they take a mark: no shared counter else. */
    private static long nextSequence() {
        return PerTestChecks.watching() ? SEQUENCE.incrementAndGet() : 0;
    }

    private static void add(BodyRef ref, Object body, boolean held) {
        if (held) {
            ((HasBodyRef) body).bodycheck$ref(ref);
            HELD.add(ref);
        } else {
            OPEN.add(ref);
        }
    }

    /**
     * Removes this very record from its registry; true if it was still there (so exactly one caller wins). A record
     * linked in {@link LinkedRecords} leaves it; any other is looked for in the table, where a held record that
     * another thread removed just now is not found either.
     */
    private static boolean remove(BodyRef ref) {
        return LinkedRecords.linked(ref) ? HELD.remove(ref) : OPEN.removeEntry(ref);
    }

    /** The record of an open body, or null. */
    static BodyRef find(Object body) {
        if (body instanceof HasBodyRef) {
            BodyRef ref = ((HasBodyRef) body).bodycheck$ref();
            return ref != null && ref.get() == body && LinkedRecords.linked(ref) ? ref : null;
        }
        return OPEN.find(body);
    }

    /**
     * The record {@code body} holds of its own ({@link HasBodyRef}), open or not; null if it holds none, or holds
     * the record of the body it is an alias of.
     */
    private static BodyRef ownRecord(HasBodyRef body) {
        BodyRef ref = body.bodycheck$ref();
        return ref != null && ref.get() == body ? ref : null;
    }

    static void end(Object body, State state) {
        end(body, state, null);
    }

    static void end(BodyRef ref, State state) {
        try {
            if (remove(ref)) {
                ref.ended = true;
                ref.connection = null;
                ref.client().count(endState(ref, state));
            } else if (ref.movedTo != null) {
                end(ref.movedTo, state);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** A close after the library read ahead to the end, with nothing left unread: the body was consumed. */
    private static State endState(BodyRef ref, State state) {
        Object readAhead = ref.readAhead();
        ref.dropBuffer(); // the buffer is the library's: let it go with the body
        return state == State.CLOSED && readAhead != null && ref.client().unread(readAhead) == 0 ? State.CONSUMED
                : state;
    }

    /** True if the collected {@code ref} was still open: it is a leak, and now the caller's alone. */
    static boolean takeLeaked(BodyRef ref) {
        return remove(ref);
    }

    /**
     * Lets {@code key} end the open {@code body} too ({@link #endVia}). A key that holds a record
     * ({@link HasBodyRef}) holds its body's in its field, unless it is an open body itself.
     */
    static void alias(Object key, Object body) {
        BodyRef ref = find(body);
        if (ref != null) {
            if (key instanceof HasBodyRef && !isOpenItself((HasBodyRef) key)) {
                ((HasBodyRef) key).bodycheck$ref(ref);
                return;
            }
            for (Reference<?> stale; (stale = ALIAS_KEYS.poll()) != null; ) {
                ALIASES.removeEntry((Alias) stale);
            }
            ALIASES.add(new Alias(key, ALIAS_KEYS, ref));
        }
    }

    private static boolean isOpenItself(HasBodyRef key) {
        BodyRef own = ownRecord(key);
        return own != null && LinkedRecords.linked(own);
    }

    /**
     * The record {@code key} is an {@link #alias} of (not followed through moves), or null. A key that holds
     * a record keeps its alias in its field; only one that holds its own record may have one in the table.
     */
    private static BodyRef aliasOf(Object key) {
        if (key instanceof HasBodyRef) {
            BodyRef ref = ((HasBodyRef) key).bodycheck$ref();
            if (ref == null) {
                return null;
            }
            if (ref.get() != key) {
                return ref;
            }
        }
        Alias alias = ALIASES.find(key);
        return alias != null ? alias.body : null;
    }

    /** Like {@link #aliasOf}, and {@code key} is an alias no more. */
    private static BodyRef takeAlias(Object key) {
        if (key instanceof HasBodyRef) {
            HasBodyRef k = (HasBodyRef) key;
            BodyRef ref = k.bodycheck$ref();
            if (ref == null) {
                return null;
            }
            if (ref.get() != key) {
                k.bodycheck$ref(null);
                return ref;
            }
        }
        Alias alias = ALIASES.remove(key);
        return alias != null ? alias.body : null;
    }

    /** {@code key} is an alias of {@code ref} no more, if it was one; an alias of another body stays. */
    private static void dropAlias(Object key, BodyRef ref) {
        if (key instanceof HasBodyRef) {
            HasBodyRef k = (HasBodyRef) key;
            BodyRef held = k.bodycheck$ref();
            if (held == ref || held == null) {
                if (held != null) {
                    k.bodycheck$ref(null);
                }
                return;
            }
            if (held.get() != key) {
                return;
            }
        }
        Alias alias = ALIASES.find(key);
        if (alias != null && alias.body == ref) {
            ALIASES.removeEntry(alias);
        }
    }

    /**
     * Ends {@code body}; if it is {@link #alias aliased} to {@code key} (may be null), that alias is removed too,
     * so that the collector never has to find it when {@code key} dies (one weak reference per request less).
     * Only an alias of this very body goes.
     */
    static void end(Object body, State state, Object key) {
        try {
            BodyRef ref;
            if (body instanceof HasBodyRef) {
                ref = ownRecord((HasBodyRef) body);
                if (ref != null && !HELD.remove(ref)) {
                    ref = null;
                }
            } else {
                ref = OPEN.remove(body);
            }
            if (ref != null) {
                ref.ended = true;
                ref.connection = null;
                ref.client().count(endState(ref, state));
                if (key != null) {
                    dropAlias(key, ref);
                }
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** Orders a hand-over against the library's end of the same body ({@link #moveTo}, {@link #endedHere}). */
    private static final Object MOVES = new Object();

    /**
     * The open {@code body} reaches the application through {@code handle} from now on: its record moves
     * to {@code handle} (no count changes) and {@code body} becomes its alias. Null if {@code body} is not open.
     */
    static BodyRef moveTo(Object body, Object handle) {
        synchronized (MOVES) {
            BodyRef ref = find(body);
            return ref != null ? move(ref, body, handle) : null;
        }
    }

    /**
     * Moves the open record {@code ref} of {@code body} to {@code handle}. The old record points at the new one
     * before it leaves the table, so that an end through it (an alias's, a handle's) at any moment ends the
     * body once: before the move it ends the old record, which then does not move; after, it follows.
     */
    private static BodyRef move(BodyRef ref, Object body, Object handle) {
        boolean held = handle instanceof HasBodyRef;
        BodyRef moved = new BodyRef(handle, held, ref);
        add(moved, handle, held);
        ref.movedTo = moved;
        if (!remove(ref)) { // ended meanwhile
            ref.movedTo = null;
            remove(moved);
            return null;
        }
        ref.clear(); // never enqueued: the body did not leak, it moved
        // the library's source may have ended on another thread while the old record was still in the table: it
        // marked that one (a marking after this sees the old record cleared and follows the move instead)
        Object left = ref.readAhead();
        if (left != null && moved.readAhead() == null) {
            moved.readAhead(left);
        }
        alias(body, handle);
        return moved;
    }

    /**
     * Like {@link #moveTo}, for the open body that {@code key} is or is an {@link #alias} of (followed through
     * earlier moves); {@code key} stays an alias. Null if there is none.
     */
    static BodyRef moveFrom(Object key, Object handle) {
        synchronized (MOVES) {
            BodyRef ref = find(key);
            if (ref != null) {
                return move(ref, key, handle);
            }
            ref = current(key);
            Object body = ref != null ? ref.get() : null;
            return body != null ? move(ref, body, handle) : null;
        }
    }

    /** The open record that {@code key} is an {@link #alias} of, through moves; null if none. */
    private static BodyRef current(Object key) {
        BodyRef ref = aliasOf(key);
        while (ref != null && ref.movedTo != null) {
            ref = ref.movedTo;
        }
        return ref != null && !ref.ended && find(ref.get()) == ref ? ref : null;
    }

    /** True if {@code key} is an open body or an {@link #alias} of one. */
    static boolean openVia(Object key) {
        return find(key) != null || current(key) != null;
    }

    /** Lets {@code key} end the open body that {@code via} is an {@link #alias} of, too. */
    static void aliasVia(Object key, Object via) {
        BodyRef ref = current(via);
        Object body = ref != null ? ref.get() : null;
        if (body != null) {
            alias(key, body);
        }
    }

    /**
     * Like {@link #moveTo}, for the open body that {@code key} was {@link #alias aliased} to: the library made
     * the stream apart from the body's own object. {@code key} is an alias no more. Null if that body is not open.
     */
    static BodyRef moveVia(Object key, Object handle) {
        synchronized (MOVES) {
            BodyRef ref = current(key);
            takeAlias(key);
            Object body = ref != null ? ref.get() : null;
            return body != null ? move(ref, body, handle) : null;
        }
    }

    /** The open record that {@code body} was {@link #moveTo handed over} to, or null. */
    static BodyRef movedFrom(Object body) {
        synchronized (MOVES) {
            return current(body);
        }
    }

    /** The library ended {@code body}, or the body it was {@link #moveTo handed over} to, if still open. */
    static void endedHere(Object body, State state) {
        synchronized (MOVES) {
            if (find(body) != null) {
                end(body, state);
                return;
            }
            BodyRef aliased = takeAlias(body);
            if (aliased != null) {
                end(aliased, state);
            }
        }
    }

    /**
     * The body {@link #alias aliased} to {@code key}, if still open, ended in {@code state}. Not a body that the
     * collector has found unreachable already (its record cleared, not moved): it leaked, and the reaper reports it.
     * A framework's finalizer that closes a dropped response reaches the body's alias after the collector cleared
     * the body's record; the body itself then finds no record ({@link #ownRecord}), and nor may its alias.
     */
    static void endVia(Object key, State state) {
        BodyRef aliased = takeAlias(key);
        if (aliased != null && (aliased.get() != null || aliased.movedTo != null)) {
            end(aliased, state);
        }
    }

    /** Whether {@code key} is the alias of a body (tests). */
    static boolean holdsAlias(Object key) {
        return aliasOf(key) != null;
    }

    /** The place of the last body in the order of opens. */
    static long sequence() {
        return SEQUENCE.get();
    }

    static int size() {
        return OPEN.size() + HELD.size();
    }

    static List<BodyRef> snapshot() {
        List<BodyRef> all = OPEN.snapshot();
        HELD.addTo(all);
        return all;
    }

    /** The records of {@code client}'s bodies that a collection cleared and the reaper has not taken yet. */
    static List<BodyRef> collected(Client client) {
        List<BodyRef> collected = new ArrayList<>();
        for (BodyRef ref : snapshot()) {
            if (ref.client() == client && ref.get() == null) {
                collected.add(ref);
            }
        }
        return collected;
    }

    /** Whether {@code ref} is still in the table of open bodies (not yet ended, nor taken as a leak). */
    static boolean holds(BodyRef ref) {
        return LinkedRecords.linked(ref) ? HELD.holds(ref) : OPEN.holds(ref);
    }

    /** The bodies still open and still reachable, of one client or (null) of all. */
    static List<BodyRef> reachable(Client client) {
        List<BodyRef> open = new ArrayList<>();
        for (BodyRef ref : snapshot()) {
            if ((client == null || ref.client() == client) && ref.get() != null) {
                open.add(ref);
            }
        }
        return open;
    }
}
