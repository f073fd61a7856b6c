package dev.bodycheck.bench;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;

/**
 * Retained heap per open tracked body: the heap after opening N bodies (kept reachable) minus the heap
 * with the same N objects untracked, over N. Run with {@code -Dbodycheck.stacks=none} (the tracker's own
 * records) and {@code =all} (plus the backtrace of a shallow stack); a second argument {@code held} tracks bodies
 * that hold their record in a field (the field itself, in the body, is not counted: its bytes are allocated before).
 */
public final class MemoryPerBody {
    private static final int N = 200_000;

    public static void main(String[] args) throws Exception {
        boolean held = args.length > 1 && args[1].equals("held");
        Object[] bodies = new Object[N];
        for (int i = 0; i < N; i++) {
            bodies[i] = held ? new HeldBody() : new Object();
        }
        Tracker.open(new Object(), ResponseFacts.of("reference", "GET", "http://127.0.0.1/warm", 200)); // start the tracker
        long before = used();
        for (int i = 0; i < N; i++) {
            Tracker.open(bodies[i], ResponseFacts.of("reference", "GET", "http://127.0.0.1/bench", 200));
        }
        long after = used();
        System.out.printf("%s%s: %.0f bytes per open body (%d open)%n", args.length > 0 ? args[0] : "",
                held ? ", record in a field" : "",
                (after - before) / (double) N, Tracker.openCount());
        if (bodies.length != N) {
            throw new IllegalStateException(); // keeps the bodies reachable to the end
        }
        System.exit(0);
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
