package dev.bodycheck.it.junitapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way a test's work leaves its thread, once leaking and once clean: its own thread, a shared executor it
 * waits for, {@code supplyAsync} (the common pool, or with its parallelism at 1 a thread per task), a delayed
 * {@code CompletableFuture} stage, a raw thread,
 * a virtual thread (JDK 21+; aborted before), OkHttp's {@code enqueue}, the JDK client's {@code sendAsync}. With
 * {@code -Dit.parallel=true} (JUnit parallel execution) every test waits for all the others at its start and at its
 * end, so that each one's work is done while all of them run. Run as {@link PlainAttribution} (failFast=true) and
 * {@link AnnotatedAttribution} ({@code @NoBodyLeaks}), with {@link CleanNeighbours} beside them.
 */
abstract class AttributionTests {
    private static final int TESTS = 16;
    private static final CyclicBarrier STARTED = new CyclicBarrier(TESTS);
    private static final CyclicBarrier FINISHED = new CyclicBarrier(TESTS);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    /** The dispatcher's one thread: a task submitted after a call's callback runs once that call let go of its response. */
    private static final ExecutorService DISPATCH = Executors.newSingleThreadExecutor();
    private static final OkHttpClient ENQUEUING = LeakingCases.CLIENT.newBuilder().dispatcher(new Dispatcher(DISPATCH)).build();
    static final HttpClient JDK = HttpClient.newHttpClient();

    @BeforeEach
    void allStarted() throws Exception {
        if (Boolean.getBoolean("it.parallel")) {
            STARTED.await();
        }
    }

    @AfterEach
    void allFinished() throws Exception {
        if (Boolean.getBoolean("it.parallel")) {
            FINISHED.await();
        }
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
        DISPATCH.shutdown();
    }

    private static int dropped(String path) throws IOException {
        return LeakingCases.CLIENT.newCall(LeakingCases.get(path)).execute().code(); // the body is dropped unread
    }

    private static String read(String path) throws IOException {
        try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get(path)).execute()) {
            return r.body().string();
        }
    }

    private static <T> T unchecked(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    /** Runs {@code task} on a new virtual thread and waits for it; aborts the test before JDK 21. */
    private static void onVirtualThread(Runnable task) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads: JDK 21+");
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                .invoke(builder);
        Thread t = factory.newThread(task);
        t.start();
        t.join();
    }

    /** An OkHttp callback that closes the response or drops it, then counts {@code done} down. */
    private static Callback callback(CountDownLatch done, boolean close) {
        return new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                done.countDown();
            }

            @Override
            public void onResponse(Call call, Response response) {
                if (close) {
                    response.close();
                }
                done.countDown();
            }
        };
    }

    private static HttpRequest jdkGet(String path) {
        return HttpRequest.newBuilder(URI.create(System.getProperty("it.base") + path)).build();
    }

    @Test
    void clean() throws Exception {
        read("/it/attr-clean");
    }

    @Test
    void leaksOnItsThread() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-own")).execute(); // dropped
    }

    @Test
    void cleanOnAnExecutor() throws Exception {
        POOL.submit(() -> read("/it/attr-clean-executor")).get();
    }

    @Test
    void leaksOnAnExecutor() throws Exception {
        POOL.submit(() -> LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-executor")).execute().code()).get();
    }

    @Test
    void cleanInSupplyAsync() {
        CompletableFuture.supplyAsync(() -> unchecked(() -> read("/it/attr-clean-async"))).join();
    }

    @Test
    void leaksInSupplyAsync() {
        CompletableFuture.supplyAsync(() -> unchecked(() -> LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-async")).execute().code())).join();
    }

    @Test
    void cleanInADelayedStage() {
        CompletableFuture.supplyAsync(() -> unchecked(() -> read("/it/attr-clean-delayed")),
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS)).join();
    }

    @Test
    void leaksInADelayedStage() {
        CompletableFuture.supplyAsync(() -> unchecked(() -> LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-delayed")).execute().code()),
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS)).join();
    }

    @Test
    void cleanOnARawThread() throws Exception {
        Thread t = new Thread(() -> unchecked(() -> read("/it/attr-clean-thread")));
        t.start();
        t.join();
    }

    @Test
    void leaksOnARawThread() throws Exception {
        Thread t = new Thread(() -> unchecked(() -> LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-thread")).execute().code()));
        t.start();
        t.join();
    }

    @Test
    void cleanOnAVirtualThread() throws Exception {
        onVirtualThread(() -> unchecked(() -> read("/it/attr-clean-virtual")));
    }

    @Test
    void leaksOnAVirtualThread() throws Exception {
        onVirtualThread(() -> unchecked(() -> LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-virtual")).execute().code()));
    }

    @Test
    void cleanInEnqueue() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ENQUEUING.newCall(LeakingCases.get("/it/attr-clean-enqueue")).enqueue(callback(done, true));
        done.await();
        DISPATCH.submit(() -> { }).get(); // the call is over: its callback returned
    }

    @Test
    void leaksInEnqueue() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ENQUEUING.newCall(LeakingCases.get("/it/attr-enqueue")).enqueue(callback(done, false));
        done.await();
        DISPATCH.submit(() -> { }).get(); // the call is over: its callback returned
    }

    @Test
    void cleanInSendAsync() throws Exception {
        try (InputStream in = JDK.sendAsync(jdkGet("/it/attr-clean-send-async"), BodyHandlers.ofInputStream()).join().body()) {
            in.readAllBytes();
        }
    }

    @Test
    void leaksInSendAsync() throws Exception {
        JDK.sendAsync(jdkGet("/it/attr-send-async"), BodyHandlers.ofInputStream()).join().body().read(); // dropped
    }
}
