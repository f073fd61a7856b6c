package dev.bodycheck.it.app;

/** Leaks one body, lets the agent find it, then requests again: that request throws, the one after does not. */
public final class FailFastProgram {
    public static void main(String[] args) throws Exception {
        OkHttpAdapter client = new OkHttpAdapter();
        client.get(args[0] + "/it/fail-fast-leak");
        for (int i = 0; i < 50 && !found(); i++) {
            System.gc();
            Thread.sleep(20);
        }
        try {
            client.getWithHelper(args[0] + "/it/fail-fast-next");
            System.out.println("NOT THROWN");
        } catch (Throwable t) {
            System.out.println("THROWN " + t.getClass().getName() + ": " + t.getMessage().lines().findFirst().orElse(""));
        }
        client.getWithHelper(args[0] + "/it/fail-fast-after");
        System.out.println("NEXT OK");
        System.exit(0);
    }

    private static boolean found() {
        return dev.bodycheck.runtime.Tracker.stats().leaked() > 0;
    }
}
