package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code stacks=auto}, with no test framework watching (nothing in this module calls PerTestChecks.watch). */
class AutoStacksTest {
    private static final Client OTHER = Clients.register("other-test", true, new String[0], new String[0], null,
            null, false);

    @BeforeEach
    @AfterEach
    void forget() {
        AutoStacks.reset();
    }

    /** Runs {@code task} on a new thread: a thread's sample count starts afresh. */
    private static <T> T onNewThread(java.util.function.Supplier<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(task.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    private static ResponseFacts facts(Client client, String url) {
        return ResponseFacts.of(client.id(), "GET", url, 200);
    }

    @Test
    void aThreadSamplesItsBodyNumber256AndNoneBefore() throws Exception {
        int first = onNewThread(() -> {
            for (int i = 1; i <= 1000; i++) {
                if (AutoStacks.wanted(facts(TestClients.TEST, "http://h/clean"))) {
                    return i;
                }
            }
            return -1;
        });
        assertEquals(AutoStacks.SAMPLE_EVERY, first);
    }

    @Test
    void afterALeakEveryBodyOfThatEndpointHasItsStackAndNoOtherEndpointsBody() throws Exception {
        assertTrue(AutoStacks.leaked(facts(TestClients.TEST, "http://h/users/42?x=1")));
        int[] wanted = onNewThread(() -> {
            int[] n = new int[4];
            for (int i = 0; i < 60; i++) { // 240 bodies: fewer than a thread's first sample
                n[0] += AutoStacks.wanted(facts(TestClients.TEST, "http://h/users/" + i)) ? 1 : 0;
                n[1] += AutoStacks.wanted(facts(TestClients.TEST, "http://h/orders/" + i)) ? 1 : 0;
                n[2] += AutoStacks.wanted(facts(OTHER, "http://h/users/" + i)) ? 1 : 0;
                n[3] += AutoStacks.wanted(ResponseFacts.of(TestClients.TEST.id(), "POST", "http://h/users/1", 200))
                        ? 1 : 0;
            }
            return n;
        });
        assertEquals(60, wanted[0]);
        assertEquals(0, wanted[1]);
        assertEquals(0, wanted[2]);
        assertEquals(0, wanted[3]);
        // where a library's entry does not know the endpoint yet, the stack is taken while any endpoint is hot
        assertTrue(onNewThread(() -> AutoStacks.wanted(null)));
    }

    @Test
    void withNoLeakAnEntryThatKnowsNoEndpointTakesNoStack() throws Exception {
        assertFalse(onNewThread(() -> AutoStacks.wanted(null)));
    }

    @Test
    void atMost64EndpointsBecomeHot() throws Exception {
        AtomicInteger added = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            if (AutoStacks.leaked(facts(TestClients.TEST, "http://h/e" + i + "/1"))) {
                added.incrementAndGet();
            }
        }
        assertEquals(AutoStacks.MAX_HOT, added.get());
        assertTrue(onNewThread(() -> AutoStacks.wanted(facts(TestClients.TEST, "http://h/e63/9"))));
        assertFalse(onNewThread(() -> AutoStacks.wanted(facts(TestClients.TEST, "http://h/e64/9"))));
        assertTrue(AutoStacks.leaked(facts(TestClients.TEST, "http://h/e0/2")), "hot already");
    }
}
