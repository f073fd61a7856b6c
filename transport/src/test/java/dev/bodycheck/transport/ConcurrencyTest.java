package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.runtime.Stats;
import dev.bodycheck.runtime.Tracker;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * 8 threads x 2,000 requests, mixing bodies read to the end, closed early and leaked. Afterwards every
 * count adds up exactly and the process has no more open file descriptors than before. The server is a
 * raw keep-alive one that counts its connections (the JDK's HttpServer runs the same mix, only slower).
 */
class ConcurrencyTest {
    static {
        TestRuntime.ensureStarted();
    }

    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 2_000;
    private static final int[] SIZES = {1, 100, 5_000, 40_000};

    private final AtomicLong readToEnd = new AtomicLong();
    private final AtomicLong closedEarly = new AtomicLong();
    private final AtomicLong leaked = new AtomicLong();

    @Test
    @EnabledOnOs(OS.LINUX)
    void countsAddUpAndNoFileDescriptorIsLeft() throws Exception {
        try (ScriptedServer server = ScriptedServer.servingBytes()) {
            warmUp(server);
            int baseline = settledFdCount(Integer.MAX_VALUE);
            Stats before = Tracker.stats().of(RuntimeLink.CLIENT_ID);

            Transport transport = Transport.builder().maxIdleConnectionsPerHost(THREADS)
                    .readTimeout(Duration.ofSeconds(10)).build();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        oneRequest(transport, server, thread, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            // Every leaked body is found by the GC, reported, and its connection closed by the tracker.
            Tracker.collect(3000);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Tracker.stats().of(RuntimeLink.CLIENT_ID).leaked() - before.leaked() < leaked.get()
                    && System.nanoTime() < deadline) {
                Tracker.collect(200);
            }
            Stats after = Tracker.stats().of(RuntimeLink.CLIENT_ID);
            long total = (long) THREADS * REQUESTS_PER_THREAD;
            assertEquals(total, readToEnd.get() + closedEarly.get() + leaked.get());
            assertEquals(total, after.opened() - before.opened(), "every body was tracked");
            assertEquals(readToEnd.get(), after.consumed() - before.consumed(), "consumed");
            assertEquals(closedEarly.get(), after.closed() - before.closed(), "closed");
            assertEquals(leaked.get(), after.leaked() - before.leaked(), "leaked");
            assertEquals(0, after.open() - before.open(), "open");

            PoolStats s = transport.stats();
            assertEquals(0, s.leased(), s.toString());
            assertEquals(leaked.get(), s.closedByLeak(), s.toString());
            assertEquals(s.opened(), s.idle() + s.leased() + s.closed(), s.toString());
            assertTrue(s.reused() > total / 2, "keep-alive did its job: " + s);
            assertEquals(server.connections.get() - 1, s.opened(), "the server saw every connection we opened: " + s);

            transport.close();
            int now = settledFdCount(baseline);
            assertEquals(baseline, now, "open file descriptors are back to the baseline");
        }
    }

    private void oneRequest(Transport transport, ScriptedServer server, int thread, int i) throws IOException {
        int kind = (i + thread) % 10;
        int size = SIZES[(i / 10 + thread) % SIZES.length];
        if (kind < 7) {
            try (Response r = transport.get(server.url("/bytes?n=" + size))) {
                byte[] b = r.body().bytes();
                if (i % 97 == 0) {
                    assertArrayEquals(LocalHttpServer.payload(size), b);
                }
            }
            readToEnd.incrementAndGet();
        } else if (kind < 9) {
            try (Response r = transport.get(server.url("/bytes?n=" + (kind == 7 ? 3_000 : 40_000)))) {
                r.body().readNBytes(10);
            }
            closedEarly.incrementAndGet();
        } else {
            leak(transport, server.url("/bytes?n=" + (size < 5_000 ? 5_000 : size)));
            leaked.incrementAndGet();
        }
    }

    private static void leak(Transport transport, String url) throws IOException {
        Response r = transport.get(url);
        r.body().read(new byte[10]);
    }

    private static void warmUp(ScriptedServer server) throws IOException {
        try (Transport t = Transport.create()) {
            for (int i = 0; i < 20; i++) {
                t.get(server.url("/bytes?n=100")).body().bytes();
            }
        }
        Tracker.collect(500);
    }

    /** The count of /proc/self/fd once it stops falling (sockets the server closes lag a little), at most 5 s. */
    private static int settledFdCount(int target) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int last = fdCount();
        int stable = 0;
        while (System.nanoTime() < deadline && (last > target || stable < 5)) {
            Thread.sleep(20);
            int n = fdCount();
            stable = n == last ? stable + 1 : 0;
            last = n;
        }
        return last;
    }

    private static int fdCount() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
