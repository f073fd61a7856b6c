package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.ClientKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table at the end: one row per client, its leaky, reclaimed and fixed loops side by side, with a footnote
 * for each row whose numbers need a word. By default a compact table that fits 100 columns; with
 * {@code --verbose} the wide one (CLOSE_WAIT, descriptors) and every detail; with {@code --machine}, one
 * {@code RESULT} line per loop as well, for scripts and tests.
 */
final class ResultTable {
    /** Lines of the default output are at most this long. */
    static final int WIDTH = 100;
    private static final String GROUP = "%7s %6s %6s %8s %11s %5s";
    private static final String[] HEADS = {"beats", "leaks", "conns", "sockets", "CLOSE_WAIT", "fds"};
    private static final String COMPACT = "%6s%6s%6s%6s";
    private static final String[] COMPACT_HEADS = {"beats", "leaks", "conns", "open"};

    private ResultTable() {
    }

    static void print(PrintStream out, List<LoopResult> results, boolean agentAttached, boolean verbose,
            boolean machine) {
        Map<ClientKind, LoopResult[]> rows = new LinkedHashMap<>();
        boolean[] ran = new boolean[Loop.values().length];
        for (LoopResult r : results) {
            rows.computeIfAbsent(r.kind(), k -> new LoopResult[Loop.values().length])[r.loop().ordinal()] = r;
            ran[r.loop().ordinal()] = true;
        }
        boolean untracked = false;
        List<String> notes = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (Map.Entry<ClientKind, LoopResult[]> row : rows.entrySet()) {
            LoopResult leaky = row.getValue()[Loop.LEAKY.ordinal()];
            String note = leaky != null ? leakyNote(leaky) : null;
            if (note != null) {
                notes.add(note);
                marks.add(" [" + notes.size() + "]");
            } else {
                marks.add("");
            }
            for (LoopResult r : row.getValue()) {
                untracked |= r != null && agentAttached && !r.tracked();
            }
        }
        out.println();
        if (verbose) {
            wide(out, rows, ran, marks);
        } else {
            compact(out, rows, ran, marks);
        }
        out.println();
        List<String> legend = new ArrayList<>();
        if (verbose) {
            legend.add("beats: heartbeats that got a 200 / made; leaks: reported by the agent (the LEAK: lines in the"
                    + " log); conns: connections the server accepted; sockets: this process's sockets to the server"
                    + " left open at the end of the loop, CLOSE_WAIT: of those, closed by the server but never here;"
                    + " fds: open file descriptors of the process at the end (the embedded server's included). Read"
                    + " from /proc/self; n/a elsewhere.");
        } else {
            legend.add("beats: heartbeats that got a 200 / made; leaks: reported by the agent (its LEAK: lines);"
                    + " conns: connections the server accepted; open: this process's sockets to the server left open"
                    + " at the loop's end (--verbose adds CLOSE_WAIT and descriptors).");
        }
        if (ran[Loop.RECLAIMED.ordinal()]) {
            legend.add("reclaimed: the leaky loop with the agent's reclaim=true; its sockets are counted once the"
                    + " agent's collection found the leaks and gave their connections back.");
        }
        if (!agentAttached) {
            legend.add("leaks n/a: the agent is not attached, so nothing reports the damage above.");
        }
        if (untracked) {
            legend.add("leaks -: this build of the agent does not instrument that client (no body of it was tracked).");
        }
        for (String line : legend) {
            wrap(out, "", line);
        }
        for (int i = 0; i < notes.size(); i++) {
            wrap(out, "[" + (i + 1) + "] ", notes.get(i));
        }
        if (verbose) {
            wrap(out, "", "fixed loops: the beats share one connection (now and then two), and leave at most one idle"
                    + " socket. fds differ by a few between rows with the same sockets: they count the whole process"
                    + " (the embedded server's sockets, the JDK client's selector pipes).");
        }
        if (machine) {
            out.println();
            for (LoopResult r : results) {
                out.println(resultLine(r));
            }
        }
        out.flush();
    }

    /** Fits 100 columns: per loop, beats, leaks, connections and the sockets left open. */
    private static void compact(PrintStream out, Map<ClientKind, LoopResult[]> rows, boolean[] ran, List<String> marks) {
        String groupHead = String.format(COMPACT, (Object[]) COMPACT_HEADS);
        int w = groupHead.length();
        StringBuilder banners = new StringBuilder(String.format("%-17s", ""));
        StringBuilder heads = new StringBuilder(String.format("%-17s", "client"));
        for (Loop loop : Loop.values()) {
            if (ran[loop.ordinal()]) {
                banners.append("   ").append(String.format("%" + w + "s", loop.title()));
                heads.append("   ").append(groupHead);
            }
        }
        out.println(banners.toString().stripTrailing());
        out.println(heads);
        int i = 0;
        for (Map.Entry<ClientKind, LoopResult[]> row : rows.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-17s", row.getKey().id() + marks.get(i++)));
            for (Loop loop : Loop.values()) {
                LoopResult r = row.getValue()[loop.ordinal()];
                if (ran[loop.ordinal()]) {
                    line.append("   ").append(r == null ? String.format("%" + w + "s", "(not run)")
                            : String.format(COMPACT, r.ok() + "/" + r.beats(), leaks(r), r.accepted(), na(r.sockets())));
                }
            }
            out.println(line);
        }
    }

    /** Every count, one group of six columns per loop (about 170 columns). */
    private static void wide(PrintStream out, Map<ClientKind, LoopResult[]> rows, boolean[] ran, List<String> marks) {
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
        out.println(banners);
        out.println(heads);
        int i = 0;
        for (Map.Entry<ClientKind, LoopResult[]> row : rows.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-14s", row.getKey().id()));
            for (Loop loop : Loop.values()) {
                LoopResult r = row.getValue()[loop.ordinal()];
                if (ran[loop.ordinal()]) {
                    line.append("   ").append(r == null ? String.format("%" + w + "s", "(not run)") : group(r));
                }
            }
            out.println(line.append(marks.get(i++)));
        }
    }

    /** Prints {@code text} after {@code prefix}, broken at spaces into lines of at most {@link #WIDTH} columns. */
    static void wrap(PrintStream out, String prefix, String text) {
        String indent = " ".repeat(prefix.length());
        StringBuilder line = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line = new StringBuilder(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        out.println(line);
    }

    /** What is odd about a leaky row, in a sentence or two with its numbers; null if nothing is. */
    static String leakyNote(LoopResult r) {
        String id = r.kind().id();
        if (r.agent() == null || !r.tracked()) {
            return null;
        }
        long leaks = r.agent().leaked();
        if (r.failed() > 0) {
            return id + ": " + r.ok() + " of " + r.beats() + " beats: the " + leaks + " leaked responses hold the pool's "
                    + Demo.POOL_PER_ROUTE + " connections for good; each later beat waited " + Demo.POOL_WAIT.toMillis()
                    + " ms for one and failed (\"Timeout waiting for connection from pool\" in the log).";
        }
        if (r.kind().closesLeaksItself() && r.socketsAtEnd() != null && r.sockets() != null) {
            return id + ": its " + leaks + " leaks left " + r.socketsAtEnd() + " sockets open at the loop's end; the"
                    + " transport closes a leaked body's socket itself once the agent finds the body (reclaim was off),"
                    + " so " + r.sockets() + " were left after the collection.";
        }
        if (id.equals("jdk") && leaks > r.accepted()) {
            return id + ": " + leaks + " leaks over " + r.accepted() + " connections: the JDK client had each small"
                    + " body whole and gave its connection back to its pool, so the beats shared a few; a larger body"
                    + " would keep one. Leaks all the same: nothing closed them.";
        }
        if (id.equals("urlconnection") && r.accepted() < leaks) {
            return id + ": " + leaks + " leaks over " + r.accepted() + " new connections: the first beat reused the"
                    + " connection the warm-up left in HttpURLConnection's keep-alive cache; each leak kept its own.";
        }
        if (r.closeWait() != null && r.closeWait() > 0) {
            return id + ": every leaked body kept its connection: " + r.sockets() + " sockets left open, " + r.closeWait()
                    + " of them in CLOSE_WAIT (closed by the server after " + Demo.SERVER_IDLE_TIMEOUT.toMillis()
                    + " ms idle, never by this process).";
        }
        return null;
    }

    private static String leaks(LoopResult r) {
        return r.agent() == null ? "n/a" : r.tracked() ? Long.toString(r.agent().leaked()) : "-";
    }

    /** {@code RESULT client=okhttp loop=leaky beats=20 ok=20 failed=0 leaks=20 tracked=true ...}; n/a for unknowns. */
    static String resultLine(LoopResult r) {
        return "RESULT client=" + r.kind().id() + " loop=" + r.loop().id() + " beats=" + r.beats() + " ok=" + r.ok()
                + " failed=" + r.failed() + " leaks=" + (r.agent() == null ? "n/a" : r.agent().leaked())
                + " reclaimed=" + (r.agent() == null ? "n/a" : r.agent().reclaimed())
                + " tracked=" + r.tracked() + " conns=" + r.accepted() + " socketsAtEnd=" + na(r.socketsAtEnd())
                + " sockets=" + na(r.sockets())
                + " closeWait=" + na(r.closeWait()) + " fds=" + na(r.fds())
                + " millis=" + r.millis();
    }

    private static String group(LoopResult r) {
        return String.format(GROUP, r.ok() + "/" + r.beats(), leaks(r), r.accepted(), na(r.sockets()),
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
