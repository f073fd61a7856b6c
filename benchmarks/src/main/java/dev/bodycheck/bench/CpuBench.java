package dev.bodycheck.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's cost as process CPU time per request, with an A/A control in the same run, so that a verdict
 * is given only where the noise allows one. Two measurements:
 *
 * <ul>
 *   <li><b>Tracking</b>, inside one JVM with the agent: the load runs without pause while tracking is
 *   switched off and on (an internal switch, {@code Clients.pause}) in short slices, in groups of three
 *   (off, off, on, in rotating order). Per group, the A/A ratio is one "off" slice over the other, the
 *   tracking ratio the mean "off" over "on": JIT state, placement and heap are the same for both.</li>
 *   <li><b>Woven but idle</b>, in fresh JVMs: no agent, no agent, and the agent with tracking paused from
 *   the start, in rotating order, round after round; the A/A ratio is the first no-agent JVM over the
 *   second.</li>
 * </ul>
 *
 * Ratios are no-agent (or tracking off) over agent (tracking on): 1.00 is free, 0.97 costs 3 %. Each is the
 * median over groups (rounds) with a 95 % confidence interval of the median (order statistics). The A/A
 * control is judged small enough when its median is within 1 % of 1 and its interval narrower than ±1 %;
 * only then is a target called met (interval above it) or missed (interval below it), else undecided.
 *
 * <p>The server ({@link FixedResponseServer}) runs in this, the orchestrating JVM, so its CPU is not
 * counted in the measured JVMs. CPU time is read to the nanosecond ({@link ProcessCpuClock}, JIT compiler
 * threads left out), and the measured JVM runs on CPU 1 while {@code run.sh} puts this one on CPU 0
 * ({@code taskset}): threads that move between CPUs, or wake each other across them, cost several times the
 * request itself and blur every slice by ±10 %. {@code -Draw=true} prints each group; {@code -Dgroups},
 * {@code -Dslice}, {@code -Dwarmup} change the sampling; {@code -Dtracking=true} leaves tracking on in the
 * {@code plain} child (for a profiler).
 */
public final class CpuBench {
    /**
     * {@code taskset -c 1}: the measured JVM on a CPU of its own, this JVM (the server) on the other
     * ({@code benchmarks/run.sh} starts it with {@code taskset -c 0}), when there are two or more CPUs and
     * {@code taskset} is there; else nothing.
     */
    private static final List<String> PINNED = pinning();

    private static List<String> pinning() {
        if (Runtime.getRuntime().availableProcessors() < 2 || Boolean.getBoolean("noPin")) {
            return List.of();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "taskset").canExecute()) {
                return List.of(new File(dir, "taskset").getPath(), "-c", "1");
            }
        }
        return List.of();
    }

    private static final String[] CLIENTS = {"jdk", "urlconnection", "apache4", "apache5", "okhttp", "reference"};

    private CpuBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String agent = args[0];
        boolean quick = Arrays.asList(args).contains("--quick");
        List<String> clients = new ArrayList<>();
        for (String a : Arrays.copyOfRange(args, 1, args.length)) {
            if (!a.startsWith("--")) {
                clients.add(a);
            }
        }
        if (clients.isEmpty()) {
            clients.addAll(Arrays.asList(CLIENTS));
        }
        int groups = Integer.getInteger("groups", quick ? 150 : 300);
        int sliceMs = Integer.getInteger("slice", 10);
        int turnGroups = Integer.getInteger("turnGroups", quick ? 80 : 120);
        int turnMs = Integer.getInteger("turn", 30);
        long turnWarmup = Long.getLong("turnWarmup", quick ? 3000 : 5000);
        int turnRounds = Integer.getInteger("rounds", quick ? 2 : 3);
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        String otel = System.getProperty("otelAgent");
        if (otel != null) {
            try (FixedResponseServer server = new FixedResponseServer()) {
                fresh(java, cp, agent, otel, server, clients, Integer.getInteger("threads", 1), turnRounds, turnWarmup,
                        turnGroups, turnMs);
            }
            return;
        }
        try (FixedResponseServer server = new FixedResponseServer()) {
            System.out.printf(Locale.ROOT, "### Tracking cost: CPU-time ratio tracking off / on, one JVM per row, "
                    + "%d groups of 3 slices of %d ms (load average %s)%n%n", groups, sliceMs, loadAverage());
            System.out.println("| client | threads | stacks | A/A ratio [95 % CI] | A/A judgeable | off/on ratio "
                    + "[95 % CI] | target | verdict | CPU µs/request off → on | requests/s off → on | "
                    + "bytes/request off → on |");
            System.out.println("| --- | ---: | --- | --- | --- | --- | ---: | --- | --- | --- | --- |");
            if (!ProcessCpuClock.precise()) {
                System.out.println("(no /proc/self/task: CPU time in the JDK's 10 ms ticks, too coarse for 1 %)");
            }
            // -Dthreads=N and -Dstacks=a,b narrow a run down to those rows
            Integer onlyThreads = Integer.getInteger("threads");
            int[] threadCounts = onlyThreads != null ? new int[] {onlyThreads} : new int[] {1, 8};
            String[] stacksList = System.getProperty("stacks", "all,auto,none").split(",");
            for (String client : clients) {
                for (int threads : threadCounts) {
                    for (String stacks : stacksList) {
                        List<String> cmd = new ArrayList<>(Arrays.asList(java, "-Xmx512m",
                                "-DwithJit=" + Boolean.getBoolean("withJit"), "-Dwarmup=" + Long.getLong("warmup", 8000),
                                "-javaagent:" + agent + "=log=none,stacks=" + stacks, "-cp", cp,
                                CpuBench.class.getName(), "child", "interleave", server.url(), client,
                                Integer.toString(threads), Integer.toString(groups), Integer.toString(sliceMs)));
                        List<String> out = run(cmd);
                        if (Boolean.getBoolean("raw")) {
                            out.forEach(l -> System.out.println("    " + l));
                        }
                        double[][] g = parse(out, 7);
                        double[] aa = new double[g.length];
                        double[] ratio = new double[g.length];
                        for (int i = 0; i < g.length; i++) {
                            aa[i] = g[i][0] / g[i][1];
                            ratio[i] = (g[i][0] + g[i][1]) / 2 / g[i][2];
                        }
                        double target = stacks.equals("none") ? 0.99 : 0.97;
                        Stat a = Stat.of(aa);
                        Stat r = Stat.of(ratio);
                        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.2f | %s | %.1f → %.1f | "
                                + "%.0f → %.0f | %.0f → %.0f |%n", client, threads, stacks, a, a.judgeable() ? "yes"
                                        : "no", r, target, verdict(a, r, target), mean(g, 0, 1) / 1000,
                                mean(g, 2, 2) / 1000, mean(g, 3, 3), mean(g, 4, 4), mean(g, 5, 5), mean(g, 6, 6));
                    }
                }
            }
            if (turnRounds == 0) {
                return; // -Drounds=0: the table above only
            }
            System.out.printf(Locale.ROOT, "%n### Woven but idle: CPU-time ratio no agent / agent with tracking paused, "
                    + "%d rounds of 3 fresh JVMs taking turns, %d ms of warm-up each, %d groups of turns of %d ms (load average "
                    + "%s)%n%n", turnRounds, turnWarmup, turnGroups, turnMs, loadAverage());
            System.out.println("| client | threads | A/A ratio [95 % CI] | A/A judgeable | ratio [95 % CI] | target | "
                    + "verdict | CPU µs/request none → idle agent |");
            System.out.println("| --- | ---: | --- | --- | --- | ---: | --- | --- |");
            for (String client : clients) {
                int threads = 1;
                List<List<String>> jvms = new ArrayList<>();
                for (int which = 0; which < 3; which++) {
                    List<String> cmd = new ArrayList<>(Arrays.asList(java, "-Xmx512m"));
                    if (which == 2) {
                        cmd.add("-javaagent:" + agent + "=log=none");
                    }
                    jvms.add(turnsChild(cmd, cp, agent, server, client, threads));
                }
                double[][] cpu = Turns.cpu(jvms, turnRounds, turnWarmup, turnGroups, turnMs);
                double[] aa = new double[cpu[0].length];
                double[] ratio = new double[aa.length];
                for (int i = 0; i < aa.length; i++) {
                    aa[i] = cpu[0][i] / cpu[1][i];
                    ratio[i] = (cpu[0][i] + cpu[1][i]) / 2 / cpu[2][i];
                }
                Stat a = Stat.of(aa);
                Stat r = Stat.of(ratio);
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %.2f | %s | %.1f → %.1f |%n", client, threads,
                        a, a.judgeable() ? "yes" : "no", r, 0.99, verdict(a, r, 0.99),
                        (Stat.of(cpu[0]).median + Stat.of(cpu[1]).median) / 2000, Stat.of(cpu[2]).median / 1000);
            }
        }
    }

    /**
     * The command of a JVM that takes {@link Turns}: {@code start} (java and its options) then the class path
     * with the agent jar on it (the reference transport lives in it; without -javaagent nothing else of it runs).
     */
    private static List<String> turnsChild(List<String> start, String cp, String agent, FixedResponseServer server,
            String client, int threads) {
        List<String> cmd = new ArrayList<>(PINNED);
        cmd.addAll(start);
        cmd.addAll(Arrays.asList("-cp", cp + File.pathSeparator + agent, CpuBench.class.getName(), "child", "turns",
                server.url(), client, Integer.toString(threads)));
        return cmd;
    }

    /** The JVMs of {@link #fresh}, which take turns. */
    private static final String[] FRESH = {"none", "none", "bodycheck", "bodycheck stacks=all", "otel"};

    /**
     * The anchor: fresh JVMs taking {@link Turns}, CPU per request with no agent (twice: the A/A control), with
     * bodycheck's default options, with bodycheck in tests mode ({@code stacks=all}, a stack for every body) and
     * with the OpenTelemetry Java agent, its exporters off (spans made, then dropped). Per group of turns, each
     * agent's ratio is the mean no-agent CPU over its own, and bodycheck tests mode's added CPU is set against the
     * OpenTelemetry agent's (the target: at most half).
     */
    private static void fresh(String java, String cp, String agent, String otel, FixedResponseServer server,
            List<String> clients, int threads, int rounds, long warmupMs, int groups, int turnMs) throws Exception {
        System.out.printf(Locale.ROOT, "### Fresh JVMs: no agent, bodycheck, OpenTelemetry agent; CPU per request, "
                + "%d thread(s), %d rounds of 5 JVMs taking turns, %d ms of warm-up each, %d groups of turns of %d ms "
                + "(load average %s)%n%n", threads, rounds, warmupMs, groups, turnMs, loadAverage());
        System.out.println("| client | A/A ratio [95 % CI] | A/A judgeable | CPU µs/request no agent | bodycheck default: "
                + "ratio [95 % CI], µs added | tests mode (stacks=all): ratio [95 % CI], µs added | OpenTelemetry: "
                + "ratio [95 % CI], µs added | tests mode added / OTel added [95 % CI] |");
        System.out.println("| --- | --- | --- | ---: | --- | --- | --- | --- |");
        for (String client : clients) {
            List<List<String>> jvms = new ArrayList<>();
            for (String which : FRESH) {
                List<String> cmd = new ArrayList<>(Arrays.asList(java, "-Xmx512m"));
                switch (which) {
                    case "bodycheck":
                        cmd.addAll(Arrays.asList("-Dtracking=true", "-javaagent:" + agent + "=log=none"));
                        break;
                    case "bodycheck stacks=all":
                        cmd.addAll(Arrays.asList("-Dtracking=true", "-javaagent:" + agent + "=log=none,stacks=all"));
                        break;
                    case "otel":
                        cmd.addAll(Arrays.asList("-javaagent:" + otel, "-Dotel.traces.exporter=none",
                                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                                "-Dotel.javaagent.logging=none"));
                        break;
                    default:
                        break;
                }
                jvms.add(turnsChild(cmd, cp, agent, server, client, threads));
            }
            double[][] cpu = Turns.cpu(jvms, rounds, warmupMs, groups, turnMs);
            groups = cpu[0].length;
            double[] aa = new double[groups];
            double[] base = new double[groups];
            double[][] ratio = new double[3][groups];
            double[][] added = new double[3][groups];
            double[] share = new double[groups];
            for (int i = 0; i < groups; i++) {
                aa[i] = cpu[0][i] / cpu[1][i];
                base[i] = (cpu[0][i] + cpu[1][i]) / 2;
                for (int j = 0; j < 3; j++) {
                    ratio[j][i] = base[i] / cpu[2 + j][i];
                    added[j][i] = cpu[2 + j][i] - base[i];
                }
                share[i] = added[1][i] / added[2][i];
            }
            Stat a = Stat.of(aa);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s | %.1f |", client, a,
                    a.judgeable() ? "yes" : String.format(Locale.ROOT, "no (±%.1f %%)", a.halfWidthPercent()),
                    Stat.of(base).median / 1000));
            for (int j = 0; j < 3; j++) {
                row.append(String.format(Locale.ROOT, " %s, %+.1f |", Stat.of(ratio[j]), Stat.of(added[j]).median / 1000));
            }
            row.append(client.equals("reference") ? " (not instrumented by OTel) |" : " " + Stat.of(share) + " |");
            System.out.println(row);
        }
    }

    private static String verdict(Stat aa, Stat r, double target) {
        if (!aa.judgeable()) {
            return String.format(Locale.ROOT, "none: A/A spread ±%.1f %%", aa.halfWidthPercent());
        }
        if (r.lo >= target) {
            return "meets";
        }
        if (r.hi < target) {
            return "misses";
        }
        return "undecided";
    }

    private static double mean(double[][] g, int from, int to) {
        double sum = 0;
        for (double[] row : g) {
            for (int i = from; i <= to; i++) {
                sum += row[i];
            }
        }
        return sum / g.length / (to - from + 1);
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static List<String> run(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(PINNED);
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + cmd + "\n" + String.join("\n", lines));
        }
        return lines;
    }

    /** The lines "G v1 v2 ..." of a child, as numbers. */
    private static double[][] parse(List<String> lines, int width) {
        List<double[]> rows = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("G ")) {
                String[] f = l.substring(2).trim().split(" ");
                double[] row = new double[width];
                for (int i = 0; i < width && i < f.length; i++) {
                    row[i] = Double.parseDouble(f[i]);
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no result:\n" + String.join("\n", lines));
        }
        return rows.toArray(new double[0][]);
    }

    /** A median with its 95 % confidence interval from order statistics. */
    static final class Stat {
        final double median;
        final double lo;
        final double hi;

        private Stat(double median, double lo, double hi) {
            this.median = median;
            this.lo = lo;
            this.hi = hi;
        }

        static Stat of(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            int lo = (int) Math.floor(n / 2.0 - 0.98 * Math.sqrt(n));
            int hi = (int) Math.ceil(n / 2.0 + 0.98 * Math.sqrt(n));
            return new Stat(median, v[Math.max(0, lo)], v[Math.min(n - 1, hi)]);
        }

        double halfWidthPercent() {
            return (hi - lo) / 2 / median * 100;
        }

        /** The A/A control: within 1 % of 1, and an interval narrower than ±1 %. */
        boolean judgeable() {
            return Math.abs(median - 1) < 0.01 && halfWidthPercent() < 1;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", median, lo, hi);
        }
    }

    // ------------------------------------------------------------------ the measured JVM

    /**
     * {@code interleave url client threads groups sliceMs}: groups of three slices, prints per group
     * "G cpuOffA cpuOffB cpuOn reqPerSecOff reqPerSecOn bytesOff bytesOn" (CPU in ns per request).
     * {@code plain url client threads warmupMs measureMs}: prints "G cpu reqPerSec bytes 0 0 0 0".
     */
    private static void child(String[] a) throws Exception {
        String mode = a[0];
        String url = a[1];
        String client = a[2];
        int threads = Integer.parseInt(a[3]);
        // the platform MBean server, made now as by an application that has one: else bodycheck makes it 10 s after
        // the first request (BodyTrackerView), once, a hundred ms of CPU that would land in the measured slices
        ManagementFactory.getPlatformMBeanServer();
        Method pause = pauseSwitch();
        if (mode.equals("turns")) {
            Turns.child(url, client, threads, pause);
            return;
        }
        if (pause != null && mode.equals("plain") && !Boolean.getBoolean("tracking")) {
            pause.invoke(null, true); // the agent woven in, tracking nothing
        }
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LongAdder requests = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        long[] ids = new long[threads];
        try (Get get = Get.of(client, url)) {
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = loadThread(t, get, requests, () -> !stop.get());
                load.add(th);
                ids[t] = th.getId();
            }
            if (mode.equals("plain")) {
                Thread.sleep(Long.parseLong(a[4]));
                double[] s = slice(tmx, ids, requests, Long.parseLong(a[5]));
                System.out.printf(Locale.ROOT, "G %.1f %.1f %.1f 0 0 0 0%n", s[0], s[1], s[2]);
            } else {
                int groups = Integer.parseInt(a[4]);
                long sliceMs = Long.parseLong(a[5]);
                Thread.sleep(Long.getLong("warmup", 8000) - 2000); // warm-up, tracking on
                for (int i = 0; i < 40; i++) { // then both ways in turn, until the JIT has compiled both branches
                    pause.invoke(null, i % 2 == 0);
                    Thread.sleep(50);
                }
                for (int g = 0; g < groups; g++) {
                    double[][] r = new double[3][];
                    for (int k = 0; k < 3; k++) {
                        int which = (k + g) % 3; // 0, 1: off; 2: on
                        pause.invoke(null, which != 2);
                        Thread.sleep(20); // requests begun in the other state end
                        r[which] = slice(tmx, ids, requests, sliceMs);
                    }
                    System.out.printf(Locale.ROOT, "G %.1f %.1f %.1f %.1f %.1f %.1f %.1f%n", r[0][0], r[1][0], r[2][0],
                            (r[0][1] + r[1][1]) / 2, r[2][1], (r[0][2] + r[1][2]) / 2, r[2][2]);
                }
                pause.invoke(null, false);
            }
            stop.set(true);
            for (Thread th : load) {
                th.join(10_000);
            }
        }
        System.exit(0);
    }

    /** What a load thread asks before each request: whether to make it (it may wait for its turn first). */
    interface Next {
        boolean next() throws InterruptedException;
    }

    /** A started daemon thread that makes GETs while {@code next} says so, counting them; a failure ends the JVM. */
    static Thread loadThread(int index, Get get, LongAdder requests, Next next) {
        Thread th = new Thread(() -> {
            try {
                while (next.next()) {
                    get.get();
                    requests.increment();
                }
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(3);
            }
        }, "load-" + index);
        th.setDaemon(true);
        th.start();
        return th;
    }

    /** One measured window: CPU ns per request, requests per second, bytes allocated per request by the load. */
    private static double[] slice(com.sun.management.ThreadMXBean tmx, long[] ids, LongAdder requests, long millis)
            throws InterruptedException {
        Map<String, Long> c0 = ProcessCpuClock.read();
        long n0 = requests.sum();
        long b0 = sum(tmx.getThreadAllocatedBytes(ids));
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        long cpu = ProcessCpuClock.since(c0);
        long n1 = requests.sum();
        long b1 = sum(tmx.getThreadAllocatedBytes(ids));
        long t1 = System.nanoTime();
        long n = Math.max(1, n1 - n0);
        return new double[] {(double) cpu / n, n * 1e9 / (t1 - t0), (double) (b1 - b0) / n};
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += Math.max(0, x);
        }
        return s;
    }

    /** {@code Clients.pause} of the agent's runtime (bootstrap loader), or null without the agent. */
    private static Method pauseSwitch() {
        try {
            return Class.forName("dev.bodycheck.runtime.Clients", true, null).getMethod("pause", boolean.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
