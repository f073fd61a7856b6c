package dev.bodycheck.it.app;

import dev.bodycheck.runtime.Tracker;

/**
 * Leaks one body from the same line five times (beyond the log's limit of three full reports per site); after
 * each, lets the agent find it, then requests again: each of these requests throws, the one after does not.
 */
public final class FailFastProgram {
    public static void main(String[] args) throws Exception {
        OkHttpAdapter client = new OkHttpAdapter();
        for (int i = 1; i <= 5; i++) {
            client.get(args[0] + "/it/fail-fast-leak");
            long leaked = Tracker.stats().leaked();
            Tracker.collect(2000);
            if (Tracker.stats().leaked() != leaked + 1) {
                System.out.println("NOT FOUND " + i);
            }
            try {
                client.getWithHelper(args[0] + "/it/fail-fast-next");
                System.out.println("NOT THROWN " + i);
            } catch (Throwable t) {
                System.out.println("THROWN " + i + " " + t.getClass().getName() + ": "
                        + t.getMessage().lines().findFirst().orElse(""));
            }
        }
        client.getWithHelper(args[0] + "/it/fail-fast-after");
        System.out.println("NEXT OK");
        System.exit(0);
    }
}
