package dev.bodycheck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark of the project in one go and prints markdown tables: the agent's overhead per
 * client (same run, separate forks), our transport against OkHttp and the JDK client, and the tracker's
 * unit costs. {@code java -cp benchmarks.jar:bodycheck-agent.jar dev.bodycheck.bench.Main AGENT_JAR [--quick]}.
 */
public final class Main {
    private static final String[] CLIENTS = {"okhttp", "apache4", "apache5", "jdk", "urlconnection", "reference"};

    private final String agentJar;
    private final boolean quick;

    private Main(String agentJar, boolean quick) {
        this.agentJar = agentJar;
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        Main m = new Main(args[0], Arrays.asList(args).contains("--quick"));
        m.requests();
        m.tracker();
        m.allocation();
    }

    private ChainedOptionsBuilder options(Class<?> benchmark) {
        return new OptionsBuilder().include(benchmark.getName()).forks(1).shouldFailOnError(true)
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 4).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xmx1g")
                .output(System.getProperty("java.io.tmpdir") + "/bodycheck-jmh.log"); // JMH's progress, not ours
    }

    /** Request throughput per client and variant, 1 and 8 threads. */
    private void requests() throws Exception {
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("no agent", null);
        variants.put("agent, stacks=all", "log=none");
        variants.put("agent, stacks=none", "log=none,stacks=none");
        for (int threads : new int[] {1, 8}) {
            // client by client, the three variants back to back: a noisy neighbour hits all three alike
            Map<String, Map<String, double[]>> byVariant = new LinkedHashMap<>();
            for (String client : CLIENTS) {
                for (Map.Entry<String, String> v : variants.entrySet()) {
                    ChainedOptionsBuilder o = options(RequestBench.class).threads(threads).param("client", client);
                    if (v.getValue() != null) {
                        o = o.jvmArgsAppend("-javaagent:" + agentJar + "=" + v.getValue());
                    }
                    byVariant.computeIfAbsent(v.getKey(), k -> new LinkedHashMap<>())
                            .putAll(scores(new Runner(o.build()).run(), "client"));
                }
            }
            System.out.printf(Locale.ROOT, "%n### Requests per second, %d thread%s (median of iterations ± 99.9%% CI)%n%n",
                    threads, threads == 1 ? "" : "s");
            System.out.println("| client | no agent | agent, stacks=all | ratio | agent, stacks=none | ratio |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
            for (String client : CLIENTS) {
                double[] none = byVariant.get("no agent").get(client);
                double[] all = byVariant.get("agent, stacks=all").get(client);
                double[] noStacks = byVariant.get("agent, stacks=none").get(client);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %s | %.3f |%n", client, fmt(none), fmt(all),
                        all[0] / none[0], fmt(noStacks), noStacks[0] / none[0]);
            }
            Map<String, double[]> plain = byVariant.get("no agent");
            System.out.printf(Locale.ROOT, "%nTransport comparison, %d thread%s, no agent: reference/okhttp %.3f, "
                    + "reference/jdk %.3f%n", threads, threads == 1 ? "" : "s",
                    plain.get("reference")[0] / plain.get("okhttp")[0], plain.get("reference")[0] / plain.get("jdk")[0]);
        }
    }

    /** The tracker's cost per body: open + read + consumed, with and without the creation stack. */
    private void tracker() throws Exception {
        System.out.printf(Locale.ROOT, "%n### Tracker, per body: open + read + consumed (ns, median ± 99.9%% CI)%n%n");
        System.out.println("| stack depth | record | stacks=none | stacks=all |");
        System.out.println("| ---: | --- | ---: | ---: |");
        Map<String, double[]> none = scores(new Runner(options(TrackerBench.class)
                .jvmArgsAppend("-javaagent:" + agentJar + "=log=none,stacks=none").build()).run(), "depth");
        Map<String, double[]> all = scores(new Runner(options(TrackerBench.class)
                .jvmArgsAppend("-javaagent:" + agentJar + "=log=none,stacks=all").build()).run(), "depth");
        for (String key : none.keySet()) { // "depth benchmark"
            String[] k = key.split(" ");
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", k[0],
                    k[1].equals("openConsumeHeld") ? "in a field" : "identity table", fmt(none.get(key)), fmt(all.get(key)));
        }
        Map<String, double[]> dump = scores(new Runner(options(DumpBench.class)
                .jvmArgsAppend("-javaagent:" + agentJar + "=log=none").build()).run(), null);
        System.out.printf(Locale.ROOT, "%nRendering one report of a 60-frame stack (dumpOpen): %s µs%n",
                fmt(dump.values().iterator().next()));
    }

    /** Bytes allocated per request, with and without the agent (one client, one thread). */
    private void allocation() throws Exception {
        System.out.printf(Locale.ROOT, "%n### Allocation per request, 1 thread (bytes/op, -prof gc)%n%n");
        System.out.println("| client | no agent | agent, stacks=all | agent, stacks=none |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String client : quick ? new String[] {"okhttp"} : new String[] {"okhttp", "reference"}) {
            List<String> row = new ArrayList<>();
            for (String agent : new String[] {null, "log=none", "log=none,stacks=none"}) {
                ChainedOptionsBuilder o = options(RequestBench.class).param("client", client).addProfiler("gc");
                if (agent != null) {
                    o = o.jvmArgsAppend("-javaagent:" + agentJar + "=" + agent);
                }
                RunResult r = new Runner(o.build()).run().iterator().next();
                row.add(String.format(Locale.ROOT, "%.0f", r.getSecondaryResults().get("gc.alloc.rate.norm").getScore()));
            }
            System.out.printf("| %s | %s |%n", client, String.join(" | ", row));
        }
    }

    /** By the value of one parameter and the benchmark's method: {median of iterations, 99.9% error}. */
    private static Map<String, double[]> scores(Collection<RunResult> results, String param) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (RunResult r : results) {
            List<Double> iterations = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    iterations.add(i.getPrimaryResult().getScore());
                }
            }
            iterations.sort(null);
            int n = iterations.size();
            double median = n % 2 == 1 ? iterations.get(n / 2) : (iterations.get(n / 2 - 1) + iterations.get(n / 2)) / 2;
            String benchmark = r.getParams().getBenchmark();
            String key = param == null ? "" : r.getParams().getParam(param) + " "
                    + benchmark.substring(benchmark.lastIndexOf('.') + 1);
            map.put(key, new double[] {median, r.getPrimaryResult().getScoreError()});
        }
        return map;
    }

    private static String fmt(double[] score) {
        return Double.isNaN(score[1]) ? String.format(Locale.ROOT, "%.0f", score[0])
                : String.format(Locale.ROOT, "%.0f ± %.0f", score[0], score[1]);
    }
}
