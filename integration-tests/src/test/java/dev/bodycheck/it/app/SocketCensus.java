package dev.bodycheck.it.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * This process's sockets to one server port, from {@code /proc/self/net/tcp} and {@code tcp6} (the client
 * side of each connection: its remote port is the server's): those open (established or in CLOSE_WAIT),
 * those in CLOSE_WAIT, and the file descriptors of {@code /proc/self/fd} that are any of them.
 */
record SocketCensus(int open, int closeWait, int fds) {
    private static final String ESTABLISHED = "01";
    private static final String CLOSE_WAIT = "08";

    static SocketCensus take(int serverPort) throws IOException {
        int open = 0;
        int closeWait = 0;
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            Path p = Paths.get(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String remote = f[2];
                int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                if (port != serverPort) {
                    continue;
                }
                inodes.add("socket:[" + f[9] + "]");
                if (f[3].equals(ESTABLISHED)) {
                    open++;
                } else if (f[3].equals(CLOSE_WAIT)) {
                    open++;
                    closeWait++;
                }
            }
        }
        int fds = 0;
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                        fds++;
                    }
                } catch (IOException gone) {
                    // closed meanwhile (the directory stream's own descriptor, among others)
                }
            }
        }
        return new SocketCensus(open, closeWait, fds);
    }

    /** The census once {@code done} holds, or the last one taken when {@code maxMillis} ran out. */
    static SocketCensus when(int serverPort, Predicate<SocketCensus> done, long maxMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        SocketCensus c = take(serverPort);
        while (!done.test(c) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            c = take(serverPort);
        }
        return c;
    }

    String since(SocketCensus base) {
        return "open=" + (open - base.open) + " closeWait=" + (closeWait - base.closeWait) + " fds=" + (fds - base.fds);
    }
}
