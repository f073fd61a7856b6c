package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.ClientKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table at the end: one row per client, the leaky loop and the fixed loop side by side; then one
 * {@code RESULT} line per loop, for scripts and tests.
 */
final class ResultTable {
    private static final String GROUP = "%7s %6s %6s %8s %11s %5s";
    private static final String[] HEADS = {"beats", "leaks", "conns", "sockets", "CLOSE_WAIT", "fds"};

    private ResultTable() {
    }

    static void print(PrintStream out, List<LoopResult> results, boolean agentAttached) {
        Map<ClientKind, LoopResult[]> rows = new LinkedHashMap<>();
        for (LoopResult r : results) {
            rows.computeIfAbsent(r.kind(), k -> new LoopResult[2])[r.fixed() ? 1 : 0] = r;
        }
        String groupHead = String.format(GROUP, (Object[]) HEADS);
        int w = groupHead.length();
        out.println();
        out.printf("%-14s   %s   %s%n", "", banner("leaky: response ignored", w), banner("fixed: body read and closed", w));
        out.printf("%-14s   %s   %s%n", "client", groupHead, groupHead);
        boolean untracked = false;
        boolean failures = false;
        for (Map.Entry<ClientKind, LoopResult[]> row : rows.entrySet()) {
            List<String> cells = new ArrayList<>();
            for (LoopResult r : row.getValue()) {
                cells.add(r == null ? String.format("%" + w + "s", "(not run)") : group(r));
                untracked |= r != null && agentAttached && !r.tracked();
                failures |= r != null && r.failed() > 0;
            }
            out.printf("%-14s   %s   %s%n", row.getKey().id(), cells.get(0), cells.get(1));
        }
        out.println();
        out.println("beats: heartbeats that got a 200 / made; leaks: reported by the agent (the LEAK: lines in the log);");
        out.println("conns: connections the server accepted; sockets: this process's sockets to the server left open at");
        out.println("the end of the loop, CLOSE_WAIT: of those, closed by the server but never here; fds: open file");
        out.println("descriptors of the process at the end (the embedded server's included). Read from /proc/self; n/a elsewhere.");
        if (!agentAttached) {
            out.println("leaks n/a: the agent is not attached, so nothing reports the damage above.");
        }
        if (untracked) {
            out.println("leaks -: this build of the agent does not instrument that client yet (no body of it was tracked).");
        }
        if (failures) {
            out.println("failed beats: see the log above (a leaky pool of 2 runs dry: \"Timeout waiting for connection from pool\").");
        }
        out.println();
        for (LoopResult r : results) {
            out.println(resultLine(r));
        }
        out.flush();
    }

    /** {@code RESULT client=okhttp loop=leaky beats=20 ok=20 failed=0 leaks=20 tracked=true ...}; n/a for unknowns. */
    static String resultLine(LoopResult r) {
        return "RESULT client=" + r.kind().id() + " loop=" + r.loop() + " beats=" + r.beats() + " ok=" + r.ok()
                + " failed=" + r.failed() + " leaks=" + (r.agent() == null ? "n/a" : r.agent().leaked())
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
