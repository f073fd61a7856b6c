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
        if (Boolean.getBoolean("threads")) {
            printThreadCpu();
        }
        System.exit(0); // the clients' pool threads would keep some JVMs alive
    }

    /**
     * {@code -Dthreads=true}: the CPU time so far of each kind of thread (main, JIT compilers, GC, the agent's,
     * the rest), in ms, on one line of standard error: where a start-up's CPU went.
     */
    private static void printThreadCpu() throws java.io.IOException {
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        // the thread that runs main is named after the launcher ("java"), not "main": known by its id
        String self = java.nio.file.Paths.get("/proc/thread-self").toRealPath().getFileName().toString();
        try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks = java.nio.file.Files.newDirectoryStream(
                java.nio.file.Paths.get("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks) {
                String name;
                String[] stat;
                try {
                    name = new String(java.nio.file.Files.readAllBytes(task.resolve("comm"))).trim();
                    stat = new String(java.nio.file.Files.readAllBytes(task.resolve("schedstat"))).trim().split(" ");
                } catch (java.io.IOException ended) {
                    continue; // the thread ended while it was listed
                }
                String kind = name.startsWith("C1 ") ? "c1" : name.startsWith("C2 ") ? "c2"
                        : task.getFileName().toString().equals(self)
                        ? "main" : name.startsWith("GC ") || name.startsWith("G1 ") ? "gc" : name.startsWith("bodycheck")
                        ? "agent" : "other";
                kinds.merge(kind, Long.parseLong(stat[0]) / 1_000_000, Long::sum);
            }
        }
        System.err.println("THREADS " + kinds);
    }
}
