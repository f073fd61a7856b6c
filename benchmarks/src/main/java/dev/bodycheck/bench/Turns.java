package dev.bodycheck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Several fresh JVMs (no agent, bodycheck, the OpenTelemetry agent...) that take turns on the one CPU they are
 * pinned to: all are started and warmed up, then, group after group, each runs its load for one short slice in
 * rotating order while the others wait with their load threads parked. A JVM's CPU per request is read over its
 * own slices only, so the host's drift (another tenant's load, frequency, cache pressure), which made whole JVMs
 * run 10-20 % apart, falls alike on every JVM of a group, as tracking off and on do in one JVM.
 *
 * <p>The child ({@link #child}) reads one command a line: {@code run MS} lets its load threads run for MS ms,
 * parks them, and prints {@code S cpuNs requests}: the process CPU from the opening of its gate until every load
 * thread is parked again, and the requests made. What its other threads do while it waits for its turn is not
 * counted, as nothing between the slices of one JVM is ({@link CpuBench}): a collection and the reference
 * processing after it run within the slice whose allocations caused them.
 */
final class Turns implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outputs = new ArrayList<>();
    private final List<Writer> inputs = new ArrayList<>();
    private final List<List<String>> commands;

    /** Starts one JVM per command ({@code CpuBench child turns URL CLIENT THREADS} at its end), each pinned. */
    Turns(List<List<String>> commands) throws IOException {
        this.commands = commands;
        for (List<String> cmd : commands) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes.add(p);
            outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            inputs.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < commands.size(); i++) {
            expect(i, "READY");
        }
    }

    /**
     * Per JVM command, its CPU ns per request in each group of turns, over {@code rounds} rounds of fresh JVMs (a JVM
     * differs from the next by its JIT's choices alone by a few per cent: new ones each round average that out, and
     * the A/A control shows what is left), each warmed up then measured for {@code groups} groups.
     */
    static double[][] cpu(List<List<String>> commands, int rounds, long warmupMs, int groups, long turnMs)
            throws Exception {
        double[][] all = new double[commands.size()][rounds * groups];
        for (int r = 0; r < rounds; r++) {
            try (Turns turns = new Turns(commands)) {
                turns.warmUp(warmupMs, 100);
                double[][] cpu = turns.measure(groups, turnMs);
                for (int j = 0; j < cpu.length; j++) {
                    System.arraycopy(cpu[j], 0, all[j], r * groups, groups);
                }
            }
        }
        return all;
    }

    /** Each JVM runs {@code totalMs} in turns of {@code turnMs}: the JIT compiles, the pools fill. */
    void warmUp(long totalMs, long turnMs) throws IOException {
        for (long done = 0; done < totalMs; done += turnMs) {
            for (int i = 0; i < processes.size(); i++) {
                turn(i, turnMs);
            }
        }
    }

    /** {@code groups} groups of one slice of {@code sliceMs} per JVM, in rotating order: per JVM and group, CPU ns per request. */
    double[][] measure(int groups, long sliceMs) throws IOException {
        int n = processes.size();
        double[][] result = new double[n][groups];
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < n; k++) {
                int which = (k + g) % n;
                long[] s = turn(which, sliceMs);
                result[which][g] = (double) s[0] / Math.max(1, s[1]);
            }
        }
        return result;
    }

    private long[] turn(int i, long ms) throws IOException {
        inputs.get(i).write("run " + ms + "\n");
        inputs.get(i).flush();
        String line = expect(i, "S ");
        String[] f = line.substring(2).split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    private String expect(int i, String prefix) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String l; (l = outputs.get(i).readLine()) != null; ) {
            if (l.startsWith(prefix)) {
                return l;
            }
            seen.add(l);
        }
        throw new IllegalStateException("failed: " + commands.get(i) + "\n" + String.join("\n", seen));
    }

    @Override
    public void close() throws Exception {
        for (int i = 0; i < processes.size(); i++) {
            try {
                inputs.get(i).write("exit\n");
                inputs.get(i).flush();
            } catch (IOException gone) {
                // it ended already
            }
        }
        for (Process p : processes) {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ the measured JVM

    /** {@code url client threads}: the load, run only while the coordinator's command lets it. */
    static void child(String url, String client, int threads, Method pause) throws Exception {
        if (pause != null && !Boolean.getBoolean("tracking")) {
            pause.invoke(null, true); // the agent woven in, tracking nothing
        }
        Gate gate = new Gate();
        LongAdder requests = new LongAdder();
        PrintStream out = System.out;
        try (Get get = Get.of(client, url)) {
            for (int t = 0; t < threads; t++) {
                CpuBench.loadThread(t, get, requests, gate::pass);
            }
            gate.awaitParked(threads);
            out.println("READY");
            out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String c; (c = commands.readLine()) != null && c.startsWith("run "); ) {
                long n0 = requests.sum();
                Map<String, Long> c0 = ProcessCpuClock.read();
                gate.open();
                Thread.sleep(Long.parseLong(c.substring(4)));
                gate.close();
                gate.awaitParked(threads);
                long cpu = ProcessCpuClock.since(c0);
                out.printf(Locale.ROOT, "S %d %d%n", cpu, requests.sum() - n0);
                out.flush();
            }
        }
        System.exit(0);
    }

    /** Lets the load threads run while open; a closed gate parks each before its next request. */
    private static final class Gate {
        private volatile boolean open;
        private int parked;

        /** Waits while closed; then true (the load runs until the process exits). */
        boolean pass() throws InterruptedException {
            if (open) {
                return true;
            }
            synchronized (this) {
                parked++;
                notifyAll();
                while (!open) {
                    wait();
                }
                parked--;
            }
            return true;
        }

        synchronized void open() {
            open = true;
            notifyAll();
        }

        void close() {
            open = false;
        }

        synchronized void awaitParked(int threads) throws InterruptedException {
            while (parked < threads) {
                wait();
            }
        }
    }
}
