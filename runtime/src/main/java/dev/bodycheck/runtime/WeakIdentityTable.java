package dev.bodycheck.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * An identity map from objects to {@link Entry entries} that are themselves the weak references to
 * those objects: it never keeps a key alive, and looking a key up allocates nothing. Lock-striped,
 * so that threads working on different bodies rarely meet.
 */
final class WeakIdentityTable<E extends WeakIdentityTable.Entry> {
    /** A weak reference to a key, which is also the table's chain node. */
    abstract static class Entry extends WeakReference<Object> {
        final int hash;
        Entry next;

        Entry(Object key, ReferenceQueue<Object> queue) {
            this(key, queue, System.identityHashCode(key));
        }

        /** An entry kept elsewhere than in a table ({@link LinkedRecords}), whose {@code hash} chooses its stripe. */
        Entry(Object key, ReferenceQueue<Object> queue, int hash) {
            super(key, queue);
            this.hash = hash;
        }
    }

    private static final int STRIPES = 64;
    private static final int STRIPE_SHIFT = 6;

    private static final class Stripe {
        Entry[] table = new Entry[8];
        int size;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    WeakIdentityTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private Stripe stripe(int hash) {
        return stripes[mix(hash) & (STRIPES - 1)];
    }

    private static int slot(int hash, int length) {
        return (mix(hash) >>> STRIPE_SHIFT) & (length - 1);
    }

    void add(E entry) {
        Stripe s = stripe(entry.hash);
        synchronized (s) {
            if (s.size >= s.table.length - (s.table.length >>> 2)) {
                grow(s);
            }
            int i = slot(entry.hash, s.table.length);
            entry.next = s.table[i];
            s.table[i] = entry;
            s.size++;
        }
    }

    /** The entry of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    E find(Object key) {
        int hash = System.identityHashCode(key);
        Stripe s = stripe(hash);
        synchronized (s) {
            for (Entry e = s.table[slot(hash, s.table.length)]; e != null; e = e.next) {
                if (e.hash == hash && e.get() == key) {
                    return (E) e;
                }
            }
        }
        return null;
    }

    /** Removes and returns the entry of {@code key}, or null if it has none. */
    @SuppressWarnings("unchecked")
    E remove(Object key) {
        int hash = System.identityHashCode(key);
        Stripe s = stripe(hash);
        synchronized (s) {
            Entry[] table = s.table;
            int i = slot(hash, table.length);
            for (Entry e = table[i], prev = null; e != null; prev = e, e = e.next) {
                if (e.hash == hash && e.get() == key) {
                    unlink(s, i, prev, e);
                    return (E) e;
                }
            }
        }
        return null;
    }

    /** Whether this very entry is in the table. */
    boolean holds(Entry entry) {
        Stripe s = stripe(entry.hash);
        synchronized (s) {
            Entry[] table = s.table;
            for (Entry e = table[slot(entry.hash, table.length)]; e != null; e = e.next) {
                if (e == entry) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes this very entry; true if it was still in the table (so exactly one caller wins). */
    boolean removeEntry(Entry entry) {
        Stripe s = stripe(entry.hash);
        synchronized (s) {
            Entry[] table = s.table;
            int i = slot(entry.hash, table.length);
            for (Entry e = table[i], prev = null; e != null; prev = e, e = e.next) {
                if (e == entry) {
                    unlink(s, i, prev, e);
                    return true;
                }
            }
        }
        return false;
    }

    private static void unlink(Stripe s, int i, Entry prev, Entry e) {
        if (prev == null) {
            s.table[i] = e.next;
        } else {
            prev.next = e.next;
        }
        e.next = null;
        s.size--;
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

    @SuppressWarnings("unchecked")
    List<E> snapshot() {
        List<E> all = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Entry head : s.table) {
                    for (Entry e = head; e != null; e = e.next) {
                        all.add((E) e);
                    }
                }
            }
        }
        return all;
    }

    private static void grow(Stripe s) {
        Entry[] old = s.table;
        Entry[] table = new Entry[old.length * 2];
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int i = slot(e.hash, table.length);
                e.next = table[i];
                table[i] = e;
                e = next;
            }
        }
        s.table = table;
    }
}
