package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {
    private static final class E extends WeakIdentityTable.Entry {
        E(Object key, ReferenceQueue<Object> q) {
            super(key, q);
        }
    }

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final WeakIdentityTable<E> table = new WeakIdentityTable<>();

    @Test
    void findsByIdentityNotEquality() {
        String a = new String("same");
        String b = new String("same");
        E ea = new E(a, queue);
        table.add(ea);
        assertSame(ea, table.find(a));
        assertNull(table.find(b));
    }

    @Test
    void growsAndRemovesExactly() {
        List<Object> keys = new ArrayList<>();
        List<E> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object k = new Object();
            keys.add(k);
            E e = new E(k, queue);
            entries.add(e);
            table.add(e);
        }
        assertEquals(10_000, table.size());
        for (int i = 0; i < keys.size(); i++) {
            assertSame(entries.get(i), table.find(keys.get(i)));
        }
        for (int i = 0; i < keys.size(); i += 2) {
            assertSame(entries.get(i), table.remove(keys.get(i)));
        }
        assertEquals(5_000, table.size());
        assertTrue(table.removeEntry(entries.get(1)));
        assertFalse(table.removeEntry(entries.get(1)), "only one caller wins");
        assertNull(table.remove(keys.get(0)));
        assertEquals(4_999, table.snapshot().size());
    }

    @Test
    void neverKeepsAKeyAlive() throws Exception {
        Object key = new Object();
        E e = new E(key, queue);
        table.add(e);
        key = null;
        for (int i = 0; i < 20 && e.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(e.get(), "the table holds its keys weakly");
        assertSame(e, queue.remove(1000), "and the collector enqueues the entry");
    }
}
