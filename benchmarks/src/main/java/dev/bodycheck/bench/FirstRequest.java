package dev.bodycheck.bench;

/**
 * The start-up benchmark's program: starts the 1 KiB server, makes {@code count} requests (default 1) with
 * one client, and exits. Run with and without the agent, its process CPU and wall time are what the agent
 * adds to a short-lived program's first request.
 */
public final class FirstRequest {
    private FirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (FixedResponseServer server = new FixedResponseServer(); Get get = Get.of(args[0], server.url())) {
            for (int i = 0; i < count; i++) {
                if (get.get() != FixedResponseServer.BODY) {
                    throw new IllegalStateException("short body");
                }
            }
        }
        System.exit(0); // the clients' pool threads would keep some JVMs alive
    }
}
