package dev.bodycheck.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This process's TCP sockets to one server port, read from {@code /proc/self} (Linux only): the kernel
 * lists every TCP socket in {@code /proc/self/net/tcp[6]} with its state and inode, and
 * {@code /proc/self/fd} links each open descriptor to {@code socket:[inode]}, so a socket counts when
 * this process still holds a descriptor for it. Only client sides count (remote port = server port):
 * the embedded server runs in the same process and its own sockets would count twice.
 */
final class SocketCensus {
    /** TCP_CLOSE_WAIT in the kernel's state numbering: the peer closed, this side never did. */
    private static final byte[] CLOSE_WAIT = {'0', '8'};
    private static final Path FD = Paths.get("/proc/self/fd");
    private static final List<Path> TABLES = List.of(Paths.get("/proc/self/net/tcp"), Paths.get("/proc/self/net/tcp6"));

    /** Client sockets to the port, open now; those in CLOSE_WAIT; all descriptors of the process. */
    record Snapshot(Set<Long> open, Set<Long> closeWait, int fds) {
        /** Sockets open now that were not in {@code before}: what a loop left behind. */
        int openSince(Snapshot before) {
            return (int) open.stream().filter(inode -> !before.open.contains(inode)).count();
        }

        int closeWaitSince(Snapshot before) {
            return (int) closeWait.stream().filter(inode -> !before.open.contains(inode)).count();
        }
    }

    /** ":1F90" for port 8080, as the kernel writes the end of an address. */
    private final byte[] portHex;
    private byte[] buffer = new byte[1 << 16];

    SocketCensus(int serverPort) {
        this.portHex = String.format(":%04X", serverPort).getBytes(StandardCharsets.US_ASCII);
    }

    /** True where {@code /proc/self} can be read (Linux). */
    static boolean available() {
        return Files.isDirectory(FD) && Files.isReadable(TABLES.get(0));
    }

    /** A snapshot, or null where {@code /proc} cannot be read. */
    Snapshot take() {
        if (!available()) {
            return null;
        }
        try {
            Set<Long> held = new HashSet<>();
            int fds = 0;
            try (DirectoryStream<Path> links = Files.newDirectoryStream(FD)) {
                for (Path link : links) {
                    fds++;
                    String target;
                    try {
                        target = Files.readSymbolicLink(link).toString();
                    } catch (IOException e) {
                        continue; // closed while listing (the listing's own descriptor, for one)
                    }
                    if (target.startsWith("socket:[")) {
                        held.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                }
            }
            Set<Long> open = new HashSet<>();
            Set<Long> closeWait = new HashSet<>();
            for (Path table : TABLES) {
                if (Files.isReadable(table)) {
                    scan(read(table), held, open, closeWait);
                }
            }
            return new Snapshot(open, closeWait, fds);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The whole table into a buffer kept between calls. The table lists the sockets of the whole network
     * namespace (thousands on a busy build machine) and is read every few milliseconds: making garbage of
     * it would make the collector run often, and a collection is what makes libraries close dropped
     * sockets: the census would change what it counts.
     */
    private synchronized int read(Path table) throws IOException {
        int n = 0;
        try (FileChannel channel = FileChannel.open(table, StandardOpenOption.READ)) {
            while (true) {
                if (n == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int r = channel.read(ByteBuffer.wrap(buffer, n, buffer.length - n));
                if (r < 0) {
                    return n;
                }
                n += r;
            }
        }
    }

    /**
     * Lines like {@code 0: 0100007F:A1B2 0100007F:1F90 08 ... uid timeout inode}; the first is a header.
     * Only a line whose remote port is the server's is looked at further.
     */
    private synchronized void scan(int length, Set<Long> held, Set<Long> open, Set<Long> closeWait) {
        int start = next(0, length);
        while (start < length) {
            int end = next(start, length) - 1;
            int remoteEnd = fieldEnd(start, end, 3);
            if (remoteEnd > start + portHex.length && matches(remoteEnd - portHex.length)) {
                int stateEnd = fieldEnd(start, end, 4);
                int inodeEnd = fieldEnd(start, end, 10);
                long inode = inodeEnd > 0 ? number(inodeEnd) : 0;
                if (inode != 0 && held.contains(inode)) {
                    open.add(inode);
                    if (stateEnd > 1 && buffer[stateEnd - 2] == CLOSE_WAIT[0] && buffer[stateEnd - 1] == CLOSE_WAIT[1]) {
                        closeWait.add(inode);
                    }
                }
            }
            start = end + 1;
        }
    }

    /** The start of the line after the one at {@code from}. */
    private int next(int from, int length) {
        int i = from;
        while (i < length && buffer[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    /** Where the {@code n}th space-separated field of the line {@code [from, to)} ends, or -1. */
    private int fieldEnd(int from, int to, int n) {
        int i = from;
        for (int field = 0; field < n; field++) {
            while (i < to && buffer[i] == ' ') {
                i++;
            }
            if (i >= to) {
                return -1;
            }
            while (i < to && buffer[i] != ' ') {
                i++;
            }
        }
        return i;
    }

    private boolean matches(int at) {
        for (int i = 0; i < portHex.length; i++) {
            if (buffer[at + i] != portHex[i]) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number that ends at {@code end}. */
    private long number(int end) {
        int i = end;
        while (i > 0 && buffer[i - 1] >= '0' && buffer[i - 1] <= '9') {
            i--;
        }
        long n = 0;
        for (int k = i; k < end; k++) {
            n = n * 10 + (buffer[k] - '0');
        }
        return n;
    }
}
