package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.ClientKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table at the end: one row per client, its leaky, reclaimed and fixed loops side by side; then one
 * {@code RESULT} line per loop, for scripts and tests.
 */
final class ResultTable {
    private static final String GROUP = "%7s %6s %6s %8s %11s %5s";
    private static final String[] HEADS = {"beats", "leaks", "conns", "sockets", "CLOSE_WAIT", "fds"};

    private ResultTable() {
    }

    static void print(PrintStream out, List<LoopResult> results, boolean agentAttached) {
        Map<ClientKind, LoopResult[]> rows = new LinkedHashMap<>();
        boolean[] ran = new boolean[Loop.values().length];
        for (LoopResult r : results) {
            rows.computeIfAbsent(r.kind(), k -> new LoopResult[Loop.values().length])[r.loop().ordinal()] = r;
            ran[r.loop().ordinal()] = true;
        }
        String groupHead = String.format(GROUP, (Object[]) HEADS);
        int w = groupHead.length();
        StringBuilder banners = new StringBuilder(String.format("%-14s", ""));
        StringBuilder heads = new StringBuilder(String.format("%-14s", "client"));
        for (Loop loop : Loop.values()) {
            if (ran[loop.ordinal()]) {
                banners.append("   ").append(banner(loop.title(), w));
                heads.append("   ").append(groupHead);
            }
        }
        out.println();
        out.println(banners);
        out.println(heads);
        boolean untracked = false;
        List<String> notes = new ArrayList<>();
        for (Map.Entry<ClientKind, LoopResult[]> row : rows.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-14s", row.getKey().id()));
            for (Loop loop : Loop.values()) {
                LoopResult r = row.getValue()[loop.ordinal()];
                if (ran[loop.ordinal()]) {
                    line.append("   ").append(r == null ? String.format("%" + w + "s", "(not run)") : group(r));
                }
                untracked |= r != null && agentAttached && !r.tracked();
            }
            LoopResult leaky = row.getValue()[Loop.LEAKY.ordinal()];
            String note = leaky != null ? leakyNote(leaky) : null;
            if (note != null) {
                notes.add(note);
                line.append(" [").append(notes.size()).append(']');
            }
            out.println(line);
        }
        out.println();
        out.println("beats: heartbeats that got a 200 / made; leaks: reported by the agent (the LEAK: lines in the log);");
        out.println("conns: connections the server accepted; sockets: this process's sockets to the server left open at");
        out.println("the end of the loop, CLOSE_WAIT: of those, closed by the server but never here; fds: open file");
        out.println("descriptors of the process at the end (the embedded server's included). Read from /proc/self; n/a elsewhere.");
        if (ran[Loop.RECLAIMED.ordinal()]) {
            out.println("reclaimed: the leaky loop with the agent's reclaim=true; its sockets, CLOSE_WAIT and fds are counted once");
            out.println("the agent's collection found the leaks and gave their connections back (the other loops: at their end).");
        }
        if (!agentAttached) {
            out.println("leaks n/a: the agent is not attached, so nothing reports the damage above.");
        }
        if (untracked) {
            out.println("leaks -: this build of the agent does not instrument that client yet (no body of it was tracked).");
        }
        for (int i = 0; i < notes.size(); i++) {
            out.println("[" + (i + 1) + "] " + notes.get(i));
        }
        out.println("fixed loops: the beats share one connection (now and then two), and leave at most one idle socket.");
        out.println("fds differ by a few between rows with the same sockets: they count the whole process (the embedded");
        out.println("server's sockets, the JDK client's selector pipes).");
        out.println();
        for (LoopResult r : results) {
            out.println(resultLine(r));
        }
        out.flush();
    }

    /** What is odd about a leaky row, in a sentence with its numbers; null if nothing is. */
    static String leakyNote(LoopResult r) {
        String id = r.kind().id();
        if (r.agent() == null || !r.tracked()) {
            return null;
        }
        long leaks = r.agent().leaked();
        if (r.failed() > 0) {
            return id + ": " + r.ok() + " of " + r.beats() + " beats: the " + leaks + " leaked responses hold the pool's "
                    + Demo.POOL_PER_ROUTE + " connections for good; each later beat waited " + Demo.POOL_WAIT.toMillis()
                    + " ms for one and failed (the log's \"Timeout waiting for connection from pool\"), so only "
                    + leaks + " bodies were made.";
        }
        if (id.equals("jdk") && leaks > r.accepted()) {
            return id + ": " + leaks + " leaks over " + r.accepted() + " connections: the JDK client reads a small body"
                    + " off the socket ahead of the application and returns the connection to its pool once the whole body"
                    + " has arrived, so a dropped body does not keep its connection and the beats share a few (the"
                    + " CLOSE_WAIT ones are idle in that pool); a body larger than the client's buffers would keep one."
                    + " They are leaks all the same: nothing closed them.";
        }
        if (id.equals("urlconnection") && r.accepted() < leaks) {
            return id + ": " + leaks + " leaks over " + r.accepted() + " new connections: the first beat reused the idle"
                    + " connection that the warm-up left in HttpURLConnection's JVM-wide keep-alive cache; each leaked"
                    + " body then kept its own.";
        }
        if (r.closeWait() != null && r.closeWait() > 0) {
            return id + ": every leaked body kept its connection: " + r.sockets() + " sockets left open, " + r.closeWait()
                    + " of them in CLOSE_WAIT (the server closed them after " + Demo.SERVER_IDLE_TIMEOUT.toMillis()
                    + " ms idle; this process never did).";
        }
        return null;
    }

    /** {@code RESULT client=okhttp loop=leaky beats=20 ok=20 failed=0 leaks=20 tracked=true ...}; n/a for unknowns. */
    static String resultLine(LoopResult r) {
        return "RESULT client=" + r.kind().id() + " loop=" + r.loop().id() + " beats=" + r.beats() + " ok=" + r.ok()
                + " failed=" + r.failed() + " leaks=" + (r.agent() == null ? "n/a" : r.agent().leaked())
                + " reclaimed=" + (r.agent() == null ? "n/a" : r.agent().reclaimed())
                + " tracked=" + r.tracked() + " conns=" + r.accepted() + " sockets=" + na(r.sockets())
                + " closeWait=" + na(r.closeWait()) + " fds=" + na(r.fds())
                + " millis=" + r.millis();
    }

    private static String group(LoopResult r) {
        String leaks = r.agent() == null ? "n/a" : r.tracked() ? Long.toString(r.agent().leaked()) : "-";
        return String.format(GROUP, r.ok() + "/" + r.beats(), leaks, r.accepted(), na(r.sockets()),
                na(r.closeWait()), na(r.fds()));
    }

    private static String na(Integer n) {
        return n == null ? "n/a" : n.toString();
    }

    private static String banner(String title, int width) {
        int dashes = Math.max(2, width - title.length() - 2);
        String left = "-".repeat(dashes / 2);
        String right = "-".repeat(dashes - dashes / 2);
        return left + " " + title + " " + right;
    }
}
