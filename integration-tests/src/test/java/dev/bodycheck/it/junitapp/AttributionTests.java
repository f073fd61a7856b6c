package dev.bodycheck.it.junitapp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clean tests and tests that leak on their own thread, on a shared executor and in {@code supplyAsync}.
 * With {@code -Dit.parallel=true} (JUnit parallel execution) every test waits for all the others at its
 * start and at its end, so that each one's requests are made while all six run: a body made on a pool
 * thread can then not be attributed to one of them. Run as {@link PlainAttribution} (failFast=true) and
 * {@link AnnotatedAttribution} ({@code @NoBodyLeaks}).
 */
abstract class AttributionTests {
    private static final int TESTS = 6;
    private static final CyclicBarrier STARTED = new CyclicBarrier(TESTS);
    private static final CyclicBarrier FINISHED = new CyclicBarrier(TESTS);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

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
    }

    @Test
    void clean() throws Exception {
        try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-clean")).execute()) {
            r.body().string();
        }
    }

    @Test
    void cleanOnAnExecutor() throws Exception {
        POOL.submit(() -> {
            try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-clean-executor")).execute()) {
                return r.body().string();
            }
        }).get();
    }

    @Test
    void cleanInSupplyAsync() {
        CompletableFuture.supplyAsync(() -> {
            try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-clean-async")).execute()) {
                return r.body().string();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).join();
    }

    @Test
    void leaksOnItsThread() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-own")).execute(); // dropped
    }

    @Test
    void leaksOnAnExecutor() throws Exception {
        POOL.submit(() -> LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-executor")).execute().code()).get();
    }

    @Test
    void leaksInSupplyAsync() {
        CompletableFuture.supplyAsync(() -> {
            try {
                return LeakingCases.CLIENT.newCall(LeakingCases.get("/it/attr-async")).execute().code();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).join();
    }
}
