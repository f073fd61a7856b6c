package com.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clean tests and tests that leak on their own thread, on an executor and in supplyAsync. With
 * -Dsample.parallel=true every test waits for the others at its start and end: all six run at once.
 */
abstract class HeartbeatCases {
    private static final int TESTS = 6;
    private static final CyclicBarrier STARTED = new CyclicBarrier(TESTS);
    private static final CyclicBarrier FINISHED = new CyclicBarrier(TESTS);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @BeforeEach
    void allStarted() throws Exception {
        if (Boolean.getBoolean("sample.parallel")) {
            STARTED.await();
        }
    }

    @AfterEach
    void allFinished() throws Exception {
        if (Boolean.getBoolean("sample.parallel")) {
            FINISHED.await();
        }
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void clean() throws Exception {
        Heartbeat.beatAndRead("clean");
    }

    @Test
    void cleanOnAnExecutor() throws Exception {
        POOL.submit(() -> Heartbeat.beatAndRead("clean-executor")).get();
    }

    @Test
    void cleanInSupplyAsync() {
        CompletableFuture.supplyAsync(() -> {
            try {
                return Heartbeat.beatAndRead("clean-async");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).join();
    }

    @Test
    void leaksOnItsThread() throws Exception {
        Heartbeat.beat("own");
    }

    @Test
    void leaksOnAnExecutor() throws Exception {
        POOL.submit(() -> Heartbeat.beat("executor").code()).get();
    }

    @Test
    void leaksInSupplyAsync() {
        CompletableFuture.supplyAsync(() -> {
            try {
                return Heartbeat.beat("async").code();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).join();
    }
}
