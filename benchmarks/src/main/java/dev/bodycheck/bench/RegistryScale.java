package dev.bodycheck.bench;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;

/** 1,000,000 bodies opened and consumed by 8 threads through the tracker alone; the registry must end empty. */
public final class RegistryScale {
    public static void main(String[] args) throws Exception {
        int threads = 8;
        int perThread = 125_000;
        Object warm = new Object();
        Tracker.open(warm, ResponseFacts.of("reference", "GET", "http://127.0.0.1/warm", 200)); // starts the tracker
        Tracker.consumed(warm);
        for (int round = 0; round < 3; round++) {
            Thread[] workers = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Object body = new Object();
                        Tracker.open(body, ResponseFacts.of("reference", "GET", "http://127.0.0.1/scale", 200));
                        Tracker.read(body, 1024);
                        Tracker.consumed(body);
                    }
                });
                workers[t].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,d bodies in %.2f s = %,.0f bodies/s; open after: %d%n", round,
                    threads * perThread, seconds, threads * perThread / seconds, Tracker.openCount());
        }
        System.exit(0);
    }
}
