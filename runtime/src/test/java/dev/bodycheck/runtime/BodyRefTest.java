package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A record keeps where its body comes from in one field: the thread, the stack and what per-test checks need read
 * back as they were given, for a body found by identity and one that holds its record, and after a hand-over.
 */
class BodyRefTest {
    private static final ResponseFacts FACTS = TestClients.facts("GET", "http://127.0.0.1/origin", 200);

    /** The thread that made the request, taken on a thread of that name. */
    private static RequestThread requesterNamed(String name) throws Exception {
        AtomicReference<RequestThread> requester = new AtomicReference<>();
        Thread t = new Thread(() -> requester.set(RequestThread.unlessIn(null)), name);
        t.start();
        t.join();
        return requester.get();
    }

    /** A site taken on a thread of that name. */
    private static CreationSite siteNamed(String name) throws Exception {
        AtomicReference<CreationSite> site = new AtomicReference<>();
        Thread t = new Thread(() -> site.set(new CreationSite()), name);
        t.start();
        t.join();
        return site.get();
    }

    private static Object body(boolean held) {
        return held ? new LinkedRecordsTest.Held() : new Object();
    }

    @Test
    void anUnwatchedRecordNamesItsThreadAndItsStackIfSampled() throws Exception {
        Thread current = Thread.currentThread();
        RequestThread requester = requesterNamed("requester-unwatched");
        CreationSite site = siteNamed("sampled-unwatched");
        for (boolean held : new boolean[] {false, true}) {
            Object body = body(held);
            BodyRef own = new BodyRef(body, held, FACTS, null, null, null, 0);
            assertOrigin(own, current.getName(), null, 0, -1);
            BodyRef remote = new BodyRef(body, held, FACTS, null, requester, null, 0);
            assertOrigin(remote, "requester-unwatched", null, 0, -1);
            BodyRef sampled = new BodyRef(body, held, FACTS, site, null, null, 0);
            assertOrigin(sampled, "sampled-unwatched", site, 0, -1);
            for (BodyRef from : new BodyRef[] {own, remote, sampled}) {
                BodyRef moved = new BodyRef(body(!held), !held, from);
                assertOrigin(moved, from.thread(), from.site(), 0, -1);
            }
        }
    }

    @Test
    void aWatchedRecordNamesItsThreadItsStackItsPlaceAndItsThreadId() throws Exception {
        Thread current = Thread.currentThread();
        RequestThread requester = requesterNamed("requester-watched");
        CreationSite site = siteNamed("sampled-watched");
        boolean was = watching(true);
        try {
            for (boolean held : new boolean[] {false, true}) {
                Object body = body(held);
                BodyRef own = new BodyRef(body, held, FACTS, null, null, null, 7);
                assertOrigin(own, current.getName(), null, 7, current.getId());
                BodyRef remote = new BodyRef(body, held, FACTS, null, requester, null, 8);
                assertOrigin(remote, "requester-watched", null, 8, requester.id);
                BodyRef sampled = new BodyRef(body, held, FACTS, site, null, null, 9);
                assertOrigin(sampled, "sampled-watched", site, 9, site.threadId);
                assertEquals(RunningTests.ownerOf(site), sampled.owner());
                for (BodyRef from : new BodyRef[] {own, remote, sampled}) {
                    BodyRef moved = new BodyRef(body(!held), !held, from);
                    assertOrigin(moved, from.thread(), from.site(), from.sequence(), from.threadId());
                    assertSame(from.owner(), moved.owner());
                }
            }
        } finally {
            watching(was);
        }
    }

    private static void assertOrigin(BodyRef ref, String thread, CreationSite site, long sequence, long threadId) {
        assertEquals(thread, ref.thread());
        if (site == null) {
            assertNull(ref.site());
        } else {
            assertSame(site, ref.site());
        }
        assertEquals(sequence, ref.sequence());
        assertEquals(threadId, ref.threadId());
    }

    /** Sets whether per-test checks watch (for this test only: nothing else in this JVM may see it); the old value. */
    private static boolean watching(boolean on) throws Exception {
        Field f = PerTestChecks.class.getDeclaredField("watching");
        f.setAccessible(true);
        boolean was = f.getBoolean(null);
        f.setBoolean(null, on);
        return was;
    }
}
