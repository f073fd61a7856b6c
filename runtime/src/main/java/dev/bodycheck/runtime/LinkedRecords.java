package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of the open bodies that hold their record themselves ({@link HasBodyRef}): it holds each record
 * strongly while its body is open, so that the collector enqueues it when the body is dropped, and nothing
 * more. Lock-striped circular doubly-linked lists: a record is added and removed by itself, in constant time,
 * with no identity hash and no lookup. A record's stripe is chosen by the opening thread ({@link BodyRef}'s
 * hash holds its id), so that threads working on their own bodies rarely meet.
 */
final class LinkedRecords {
    private static final int STRIPES = 64;

    private static final class Stripe {
        BodyRef head;
        int size;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    LinkedRecords() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripe(BodyRef ref) {
        int h = ref.hash;
        return stripes[(h ^ (h >>> 6)) & (STRIPES - 1)];
    }

    void add(BodyRef ref) {
        Stripe s = stripe(ref);
        synchronized (s) {
            BodyRef head = s.head;
            if (head == null) {
                ref.prev = ref;
                ref.next = ref;
            } else {
                BodyRef last = head.prev;
                ref.prev = last;
                ref.next = head;
                last.next = ref;
                head.prev = ref;
            }
            s.head = ref;
            s.size++;
        }
    }

    /** Removes this very record; true if it was still here (so exactly one caller wins). */
    boolean remove(BodyRef ref) {
        if (ref.prev == null) {
            return false; // removed before (a stale view only sends the caller to the lock)
        }
        Stripe s = stripe(ref);
        synchronized (s) {
            BodyRef prev = ref.prev;
            if (prev == null) {
                return false;
            }
            BodyRef next = (BodyRef) ref.next;
            if (next == ref) {
                s.head = null;
            } else {
                prev.next = next;
                next.prev = prev;
                if (s.head == ref) {
                    s.head = next;
                }
            }
            ref.prev = null;
            ref.next = null;
            s.size--;
            return true;
        }
    }

    /** Whether this very record is here. */
    boolean holds(BodyRef ref) {
        Stripe s = stripe(ref);
        synchronized (s) {
            return ref.prev != null;
        }
    }

    /**
     * Whether this record is here, read without the lock: an end decided on another thread a moment ago may not
     * be seen yet. Every end itself is decided by {@link #remove}, under the lock.
     */
    static boolean linked(BodyRef ref) {
        return ref.prev != null;
    }

    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    void addTo(List<BodyRef> all) {
        for (Stripe s : stripes) {
            synchronized (s) {
                BodyRef head = s.head;
                if (head != null) {
                    BodyRef r = head;
                    do {
                        all.add(r);
                        r = (BodyRef) r.next;
                    } while (r != head);
                }
            }
        }
    }

    List<BodyRef> snapshot() {
        List<BodyRef> all = new ArrayList<>();
        addTo(all);
        return all;
    }
}
