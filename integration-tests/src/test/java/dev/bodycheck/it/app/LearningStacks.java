package dev.bodycheck.it.app;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code stacks=auto} outside tests: an endpoint that leaks twice, with a clean endpoint beside it.
 * {@code LearningStacks <base URL>}: 40 clean requests, a leak of {@code /it/leaky/1} (waits until it is
 * counted), 40 clean requests, a leak of {@code /it/leaky/2} (waits), then prints the JMX view's
 * {@code StacksTaken}. 82 bodies on one thread: fewer than the first sampled one.
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
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        System.out.println("JMX StacksTaken "
                + server.getAttribute(new ObjectName("dev.bodycheck:type=BodyTracker"), "StacksTaken"));
        System.out.println("DONE");
    }

    private static void clean(OkHttpClient client, String base, int from) throws Exception {
        for (int i = from; i < from + 40; i++) {
            try (Response r = client.newCall(new Request.Builder().url(base + "/it/clean/" + i).build()).execute()) {
                r.body().string();
            }
        }
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
