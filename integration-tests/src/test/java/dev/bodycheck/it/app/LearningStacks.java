package dev.bodycheck.it.app;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code stacks=auto} outside tests: an endpoint that leaks twice, with a clean endpoint beside it.
 * {@code LearningStacks <base URL>}: 40 clean requests, a leak of {@code /it/leaky/1} (waits until it is
 * counted), 40 clean requests, a leak of {@code /it/leaky/2} (waits), then prints the JMX view's
 * {@code StacksTaken}; then the same with enqueued calls ({@code /it/async-clean/N}, {@code /it/async-leaky/N}),
 * whose bodies OkHttp makes on its dispatcher's one thread, and 270 clean ones enqueued from two other threads. 164 requests
 * made on the main thread, 135 on each other: fewer than a thread's first sampled one.
 */
public final class LearningStacks {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        OkHttpClient client = new OkHttpClient();
        clean(client, base, 0);
        leak(client, base + "/it/leaky/1");
        awaitLeaked(1);
        clean(client, base, 40);
        leak(client, base + "/it/leaky/2");
        awaitLeaked(2);
        // the same, enqueued: the bodies are made on the dispatcher's one thread
        client = client.newBuilder().dispatcher(new Dispatcher(Executors.newSingleThreadExecutor())).build();
        cleanAsync(client, base, 0);
        leakAsync(client, base + "/it/async-leaky/1");
        awaitLeaked(3);
        cleanAsync(client, base, 40);
        leakAsync(client, base + "/it/async-leaky/2");
        awaitLeaked(4);
        // 270 more enqueued from two threads (135 each: neither samples), made on the dispatcher's thread: past its
        // 256th body, which must take no stack of its own
        OkHttpClient async = client;
        Thread[] enqueuers = new Thread[2];
        for (int t = 0; t < enqueuers.length; t++) {
            int from = 1000 + 135 * t;
            enqueuers[t] = new Thread(() -> {
                try {
                    cleanAsync(async, base, from, 135);
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            }, "enqueuer-" + t);
            enqueuers[t].start();
        }
        for (Thread t : enqueuers) {
            t.join();
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        System.out.println("JMX StacksTaken "
                + server.getAttribute(new ObjectName("dev.bodycheck:type=BodyTracker"), "StacksTaken"));
        System.out.println("DONE");
        System.exit(0); // OkHttp's dispatcher threads would keep the JVM 60 s
    }

    private static void clean(OkHttpClient client, String base, int from) throws Exception {
        for (int i = from; i < from + 40; i++) {
            try (Response r = client.newCall(new Request.Builder().url(base + "/it/clean/" + i).build()).execute()) {
                r.body().string();
            }
        }
    }

    private static void cleanAsync(OkHttpClient client, String base, int from) throws Exception {
        cleanAsync(client, base, from, 40);
    }

    private static void cleanAsync(OkHttpClient client, String base, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            CountDownLatch done = new CountDownLatch(1);
            client.newCall(new Request.Builder().url(base + "/it/async-clean/" + i).build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (Response r = response) {
                        r.body().string();
                    }
                    done.countDown();
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            });
            done.await();
        }
    }

    /** Enqueues a call whose response the callback drops. */
    private static void leakAsync(OkHttpClient client, String url) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Callback dropping = new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                done.countDown();
            }

            @Override
            public void onFailure(Call call, IOException e) {
                e.printStackTrace();
                System.exit(2);
            }
        };
        client.newCall(new Request.Builder().url(url).build()).enqueue(dropping); Mark.here("async-leak");
        done.await();
    }

    private static void leak(OkHttpClient client, String url) throws Exception {
        client.newCall(new Request.Builder().url(url).build()).execute(); Mark.here("leak");
    }

    /** Collects until the JMX view counts {@code n} leaks (at most 10 s). */
    private static void awaitLeaked(long n) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.bodycheck:type=BodyTracker");
        for (int i = 0; i < 200; i++) {
            if (server.isRegistered(name) && (Long) server.getAttribute(name, "Leaked") >= n) {
                return;
            }
            System.gc();
            Thread.sleep(50);
        }
        throw new AssertionError("the JMX view never counted " + n + " leaks");
    }
}
