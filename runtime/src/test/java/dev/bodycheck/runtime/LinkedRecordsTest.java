package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinkedRecordsTest {
    /** A body that holds its record, as a woven library class does. */
    static final class Held implements HasBodyRef {
        private BodyRef ref;

        @Override
        public BodyRef bodycheck$ref() {
            return ref;
        }

        @Override
        public void bodycheck$ref(BodyRef ref) {
            this.ref = ref;
        }
    }

    private final LinkedRecords records = new LinkedRecords();
    /** Keeps the bodies reachable: a record's weak reference must not clear during a test. */
    private final List<Object> bodies = new ArrayList<>();

    private BodyRef record() {
        Held body = new Held();
        bodies.add(body);
        BodyRef ref = new BodyRef(body, true, TestClients.facts("GET", "http://127.0.0.1/linked", 200), null, null, null, 0);
                return ref;
    }

    @Test
    void addsAndRemovesEachRecordItselfInAnyOrder() {
        List<BodyRef> refs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            BodyRef ref = record();
            refs.add(ref);
            records.add(ref);
        }
        assertEquals(10_000, records.size());
        assertEquals(new HashSet<>(refs), new HashSet<>(records.snapshot()));
        List<BodyRef> shuffled = new ArrayList<>(refs);
        Collections.shuffle(shuffled, new Random(42));
        List<BodyRef> removed = shuffled.subList(0, 6_000);
        for (BodyRef ref : removed) {
            assertTrue(records.remove(ref));
            assertFalse(records.holds(ref));
            assertFalse(LinkedRecords.linked(ref));
        }
        assertFalse(records.remove(removed.get(0)), "only one caller wins");
        assertEquals(4_000, records.size());
        List<BodyRef> left = new ArrayList<>(refs);
        left.removeAll(new HashSet<>(removed));
        assertEquals(new HashSet<>(left), new HashSet<>(records.snapshot()));
        assertEquals(4_000, records.snapshot().size(), "each record once");
        for (BodyRef ref : left) {
            assertTrue(records.holds(ref));
            assertTrue(records.remove(ref));
        }
        assertEquals(0, records.size());
        assertTrue(records.snapshot().isEmpty());
        BodyRef again = removed.get(1);
        records.add(again); // an emptied stripe takes records again
        assertTrue(records.holds(again));
        assertEquals(1, records.size());
    }

    /** Threads add their own records and race to remove all of them: each is removed exactly once. */
    @Test
    void concurrentRemovalsOfTheSameRecordHaveOneWinner() throws Exception {
        int threads = 4;
        int each = 5_000;
        List<BodyRef> refs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch added = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    BodyRef ref;
                    synchronized (bodies) {
                        ref = record();
                    }
                    records.add(ref);
                    refs.add(ref);
                }
                added.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                List<BodyRef> mine;
                synchronized (refs) {
                    mine = new ArrayList<>(refs);
                }
                Collections.shuffle(mine);
                for (BodyRef ref : mine) {
                    if (records.remove(ref)) {
                        wins.incrementAndGet();
                    }
                }
            });
            all.add(thread);
            thread.start();
        }
        added.await();
        assertEquals(threads * each, records.size());
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertEquals(threads * each, wins.get());
        assertEquals(0, records.size());
    }
}
