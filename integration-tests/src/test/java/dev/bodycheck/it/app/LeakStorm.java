package dev.bodycheck.it.app;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;

/**
 * 100,000 leaks from one line, through the tracker's own API (as the reference transport calls it): the
 * log must stay readable and memory bounded. {@code LeakStorm <count>}.
 */
public final class LeakStorm {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        for (int i = 0; i < count; i++) {
            leakOne(i);
            if (i % 10_000 == 9_999) {
                System.gc();
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        Thread.sleep(200);
        System.out.println("HEAP " + (rt.totalMemory() - rt.freeMemory()));
        System.exit(0);
    }

    private static void leakOne(int i) {
        Tracker.open(new Object(), ResponseFacts.of("reference", "GET", "http://127.0.0.1:1/storm?i=" + i, 200));
    }
}
