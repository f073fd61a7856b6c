package dev.bodycheck.it.junitapp;

import dev.bodycheck.junit.NoBodyLeaks;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clean tests run beside {@link AttributionTests}' leaks, each of them handing its requests over the same ways:
 * none of them, and not their class, may fail for a leak of another test. A poller started before them leaks one
 * body that no test's work made: it fails nothing and is counted as unattributed.
 */
@NoBodyLeaks
class CleanNeighbours {
    @BeforeAll
    static void pollOnce() throws Exception {
        Thread poller = new Thread(() -> {
            try {
                LeakingCases.CLIENT.newCall(LeakingCases.get("/it/nb-poller")).execute().code(); // dropped
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "poller");
        poller.start();
        poller.join();
    }

    private static String read(String path) throws Exception {
        try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get(path)).execute()) {
            return r.body().string();
        }
    }

    @Test
    void reads() throws Exception {
        read("/it/nb-reads");
    }

    @Test
    void closesUnread() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/nb-closes")).execute().close();
    }

    @Test
    void invokesAll() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Callable<String> task = () -> read("/it/nb-invoke-all");
            for (var f : pool.invokeAll(List.of(task, task))) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void schedules() throws Exception {
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        try {
            pool.schedule(() -> read("/it/nb-scheduled"), 1, TimeUnit.MILLISECONDS).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void forkJoinSubmit() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            pool.submit(() -> read("/it/nb-fork-join")).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void thenApplyAsync() {
        CompletableFuture.supplyAsync(() -> "/it/nb-then-apply").thenApplyAsync(path -> {
            try {
                return read(path);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).join();
    }

    @Test
    void sendsAndReads() throws Exception {
        HttpResponse<InputStream> r = AttributionTests.JDK.send(HttpRequest.newBuilder(
                URI.create(System.getProperty("it.base") + "/it/nb-send")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            in.readAllBytes();
        }
    }

    @Test
    void sendsAsString() throws Exception {
        AttributionTests.JDK.send(HttpRequest.newBuilder(URI.create(System.getProperty("it.base") + "/it/nb-string"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
