package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-over calls as the woven advice makes them, here by hand. */
class HandOverTest {
    private final TestRun test = new TestRun("t()", "C", "[engine:x]/[method:t()]", "t");

    @AfterEach
    void leave() {
        HandOver.leave(null);
    }

    @Test
    void noTestsWorkIsHandedOverAsItIs() {
        Runnable task = () -> { };
        assertSame(task, HandOver.handOver(task));
        HandOver.handedOver();
    }

    @Test
    void aTaskCarriesTheTestToTheThreadThatRunsItAndTheThreadGoesBackAfterwards() throws Exception {
        HandOver.enter(test);
        AtomicReference<TestRun> seen = new AtomicReference<>();
        Runnable wrapped = HandOver.handOver(() -> seen.set(HandOver.current()));
        HandOver.handedOver();
        AtomicReference<TestRun> after = new AtomicReference<>(test);
        Thread worker = new Thread(() -> {
            wrapped.run();
            after.set(HandOver.current());
        });
        HandOver.leave(null); // the worker is no thread this test started
        worker.start();
        worker.join();
        assertSame(test, seen.get());
        assertNull(after.get());
    }

    @Test
    void aFutureTaskStaysAFutureAndACallableACallable() throws Exception {
        HandOver.enter(test);
        FutureTask<String> future = new FutureTask<>(() -> "done");
        Runnable wrapped = HandOver.handOver(future);
        Callable<?> callable = HandOver.handOver((Callable<String>) () -> HandOver.current().name);
        @SuppressWarnings("unchecked")
        List<Object> all = (List<Object>) HandOver.handOverAll(List.of((Callable<String>) () -> "x"));
        for (int i = 0; i < 3; i++) {
            HandOver.handedOver();
        }
        HandOver.leave(null);
        assertTrue(wrapped instanceof RunnableFuture);
        wrapped.run();
        assertEquals("done", ((RunnableFuture<?>) wrapped).get());
        assertEquals("done", future.get());
        assertEquals("t()", callable.call());
        assertTrue(all.get(0) instanceof HandOver.TestCallable);
    }

    @Test
    void aThreadStartedForATestDoesItsWorkButAPoolsWorkerDoesNot() throws Exception {
        HandOver.enter(test);
        AtomicReference<TestRun> started = new AtomicReference<>();
        Thread thread = new Thread(() -> started.set(HandOver.current()));
        HandOver.starting(thread); // as Thread.start's advice does
        AtomicReference<TestRun> worker = new AtomicReference<>(test);
        Thread poolWorker = new Thread(() -> worker.set(HandOver.current()));
        HandOver.handOver(() -> { }); // inside an executor's hand-over, which starts its worker
        HandOver.starting(poolWorker);
        HandOver.handedOver();
        HandOver.leave(null);
        thread.start();
        poolWorker.start();
        thread.join();
        poolWorker.join();
        assertSame(test, started.get());
        assertNull(worker.get());
    }
}
