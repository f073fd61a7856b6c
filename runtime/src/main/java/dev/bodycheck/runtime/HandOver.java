package dev.bodycheck.runtime;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The test whose work a thread does, carried with the work it hands over, the way tracing agents carry
 * their context: a test's own thread does its work ({@link RunningTests#begin}); a task handed to an
 * executor is wrapped with the test of the thread that handed it over, which the pool thread does the work
 * of while the task runs; a thread started while a test's work ran does that test's work for its whole
 * life. What calls this is woven into {@code java.util.concurrent} and {@code java.lang.Thread} only once
 * a test framework registered a test ({@link #weaveOnce}): outside tests none of it runs.
 */
public final class HandOver {
    /** The test whose work this thread does now: its own test, or the test of the task it runs. */
    private static final ThreadLocal<TestRun> CURRENT = new ThreadLocal<>();
    /** Set while this thread is inside an executor's hand-over: a thread started there is a pool's worker. */
    private static final ThreadLocal<int[]> HANDING_OVER = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };
    private static final ReferenceQueue<Object> STALE = new ReferenceQueue<>();
    /** The test of each thread started while that test's work ran. */
    private static final WeakIdentityTable<StartedBy> STARTED = new WeakIdentityTable<>();
    private static volatile Runnable weaving;

    private HandOver() {
    }

    private static final class StartedBy extends WeakIdentityTable.Entry {
        final TestRun test;

        StartedBy(Thread thread, TestRun test) {
            super(thread, STALE);
            this.test = test;
        }
    }

    /** What weaves the hand-over points, run once, when a test framework registers its first test or class. */
    public static void weaveWith(Runnable weaver) {
        weaving = weaver;
    }

    static void weaveOnce() {
        Runnable w = weaving;
        if (w != null) {
            synchronized (HandOver.class) {
                w = weaving;
                weaving = null;
            }
            if (w != null) {
                try {
                    w.run();
                } catch (Throwable t) {
                    Problems.internalError(t);
                }
            }
        }
    }

    /** The test whose work this thread does now, or null. */
    static TestRun current() {
        TestRun t = CURRENT.get();
        if (t != null) {
            return t;
        }
        StartedBy s = STARTED.find(Thread.currentThread());
        return s != null ? s.test : null;
    }

    /** This thread starts the work of {@code test} (which may be null: no test); returns what it did before. */
    static TestRun enter(TestRun test) {
        TestRun before = CURRENT.get();
        CURRENT.set(test);
        return before;
    }

    /** This thread goes back to {@code before}'s work. */
    static void leave(TestRun before) {
        CURRENT.set(before);
    }

    // ---------------------------------------------------------------- called by advice

    /** At the start of an executor's hand-over method; {@link #handedOver} at its end. */
    public static Runnable handOver(Runnable task) {
        HANDING_OVER.get()[0]++;
        TestRun test = current();
        if (test == null || task == null || task instanceof TestTask || task instanceof TestFutureTask
                || task.getClass().getName().startsWith("java.lang.VirtualThread")) {
            return task; // no test's work, already carried, or a virtual thread's continuation on its carrier
        }
        return task instanceof RunnableFuture ? new TestFutureTask<>((RunnableFuture<?>) task, test) : new TestTask(task, test);
    }

    /** Like {@link #handOver(Runnable)}, for a {@code Callable}. */
    public static Callable<?> handOver(Callable<?> task) {
        HANDING_OVER.get()[0]++;
        TestRun test = current();
        return test == null || task == null || task instanceof TestCallable ? task : new TestCallable<>(task, test);
    }

    /** Like {@link #handOver(Runnable)}, for a collection of {@code Callable}s ({@code invokeAll}, {@code invokeAny}). */
    public static Collection<?> handOverAll(Collection<?> tasks) {
        HANDING_OVER.get()[0]++;
        TestRun test = current();
        if (test == null || tasks == null) {
            return tasks;
        }
        List<Object> wrapped = new ArrayList<>(tasks.size());
        for (Object t : tasks) {
            wrapped.add(t instanceof Callable && !(t instanceof TestCallable) ? new TestCallable<>((Callable<?>) t, test) : t);
        }
        return wrapped;
    }

    /** At the end of an executor's hand-over method. */
    public static void handedOver() {
        int[] depth = HANDING_OVER.get();
        if (depth[0] > 0) {
            depth[0]--;
        }
    }

    /**
     * A thread is being started: it does the work of the test this thread does, for its whole life. A pool's
     * worker (started inside a hand-over, or a fork-join worker) does the work of each task it runs instead.
     */
    public static void starting(Thread thread) {
        if (thread == null || thread instanceof ForkJoinWorkerThread || HANDING_OVER.get()[0] > 0) {
            return;
        }
        TestRun test = current();
        if (test != null && STARTED.find(thread) == null) {
            for (Reference<?> stale; (stale = STALE.poll()) != null; ) {
                STARTED.removeEntry((StartedBy) stale);
            }
            STARTED.add(new StartedBy(thread, test));
        }
    }

    // ---------------------------------------------------------------- the wrappers

    /** A task handed over by a test's work. */
    static final class TestTask implements Runnable {
        private final Runnable task;
        private final TestRun test;

        TestTask(Runnable task, TestRun test) {
            this.task = task;
            this.test = test;
        }

        @Override
        public void run() {
            TestRun before = enter(test);
            try {
                task.run();
            } finally {
                leave(before);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /**
     * A future task (what {@code submit} hands to {@code execute}) handed over by a test's work; a future
     * itself, so that an executor's {@code afterExecute} that reads its task as a future still can.
     */
    static final class TestFutureTask<V> implements RunnableFuture<V> {
        private final RunnableFuture<V> task;
        private final TestRun test;

        TestFutureTask(RunnableFuture<V> task, TestRun test) {
            this.task = task;
            this.test = test;
        }

        @Override
        public void run() {
            TestRun before = enter(test);
            try {
                task.run();
            } finally {
                leave(before);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return task.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /** A callable handed over by a test's work. */
    static final class TestCallable<V> implements Callable<V> {
        private final Callable<V> task;
        private final TestRun test;

        TestCallable(Callable<V> task, TestRun test) {
            this.task = task;
            this.test = test;
        }

        @Override
        public V call() throws Exception {
            TestRun before = enter(test);
            try {
                return task.call();
            } finally {
                leave(before);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
