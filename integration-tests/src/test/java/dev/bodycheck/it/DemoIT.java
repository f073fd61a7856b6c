package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The demo jar, run as a newcomer runs it ({@code java -javaagent:... -jar bodycheck-demo.jar}) with a
 * few beats, on every JDK: its output fits 100 columns, and its table's machine-readable twin, the {@code RESULT}
 * lines ({@code --machine}), must show leaks
 * for every leaky loop of a client the agent tracks and none for any fixed loop, and, for the loop run with
 * {@code reclaim=true}, every leak's connection given back: Apache's pool of 2 then serves every beat.
 */
class DemoIT {
    /** Every client the demo runs, with the class whose leakyBeat line the agent's report must name. */
    static final Map<String, String> DEMO_CLIENTS = Map.of(
            "okhttp", "OkHttpBeat",
            "apache4", "Apache4Beat",
            "apache5", "Apache5Beat",
            "jdk", "JdkHttpClientBeat",
            "urlconnection", "UrlConnectionBeat",
            "reference", "ReferenceBeat");

    /**
     * The clients this build of the agent must track. Extend it as each library's instrumentation
     * merges (apache4, apache5, jdk, urlconnection, reference): a tracked client outside this list is
     * checked as well, this list makes sure none silently stops being tracked.
     */
    static final List<String> MUST_TRACK = List.of("okhttp", "apache4", "apache5", "jdk", "urlconnection", "reference");

    /** Apache's clients run with a pool of 2 per route: their leaky loops must run it dry. */
    static final List<String> POOLED = List.of("apache4", "apache5");

    record Run(int exitCode, String stdout, String stderr, Path chart) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        /** RESULT lines as client/loop -> key -> value. */
        Map<String, Map<String, String>> results() {
            Map<String, Map<String, String>> all = new LinkedHashMap<>();
            for (String line : lines()) {
                if (line.startsWith("RESULT ")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String kv : line.substring(7).trim().split(" ")) {
                        int eq = kv.indexOf('=');
                        fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    all.put(fields.get("client") + "/" + fields.get("loop"), fields);
                }
            }
            return all;
        }

        Map<String, String> result(String client, String loop) {
            Map<String, String> r = results().get(client + "/" + loop);
            if (r == null) {
                throw new AssertionError("no RESULT line for " + client + " " + loop + "\n" + this);
            }
            return r;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static Path demoJar() {
        Path jar = Paths.get(System.getProperty("it.demoJar", "../demo-app/target/bodycheck-demo.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the demo jar is not built: " + jar + " (run mvn verify at the root)");
        }
        return jar.toAbsolutePath().normalize();
    }

    static Run demo(Jdk jdk, boolean agent, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bodycheck-demo-it");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Path chart = dir.resolve("chart.svg");
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        if (agent) {
            cmd.add("-javaagent:" + Fork.agentJar());
        }
        cmd.add("-jar");
        cmd.add(demoJar().toString());
        cmd.addAll(List.of(args));
        if (List.of(args).contains("--chart")) {
            cmd.add(chart.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the demo did not finish in 120 s: " + cmd + "\n" + Files.readString(out)
                    + "\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), chart);
    }

    @TestFactory
    Stream<DynamicNode> leakyLoopsLeakAndFixedLoopsDoNot() {
        return Jdk.all().stream().map(jdk -> dynamicContainer(jdk.name(), Stream.of(dynamicTest("demo", () -> {
            Run run = demo(jdk, true, "--beats", "6", "--interval", "40", "--machine", "--chart");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.lines().get(0).startsWith("The heartbeat incident: "), "first line: " + run);
            assertTrue(run.lines().get(3).contains("agent attached"), "after the incident's two sentences: " + run);
            assertTrue(run.stdout().contains("\nclient "), "the table is printed: " + run);
            for (String line : run.lines()) {
                assertTrue(line.startsWith("RESULT ") || line.length() <= 100, "longer than 100: " + line);
            }
            for (String client : DEMO_CLIENTS.keySet()) {
                Map<String, String> leaky = run.result(client, "leaky");
                Map<String, String> fixed = run.result(client, "fixed");
                boolean tracked = MUST_TRACK.contains(client) || "true".equals(leaky.get("tracked"));
                if (MUST_TRACK.contains(client)) {
                    assertEquals("true", leaky.get("tracked"), client + " is not tracked: " + run);
                }
                if (tracked) {
                    assertTrue(Long.parseLong(leaky.get("leaks")) > 0, client + " leaky loop, no leak: " + run);
                    assertTrue(run.stderr().contains("LEAK: " + client + " GET "), client + ": no LEAK: line " + run);
                    assertTrue(run.stderr().contains("at dev.bodycheck.demo.clients." + DEMO_CLIENTS.get(client)
                            + ".leakyBeat("), client + ": the report does not name the demo's line " + run);
                }
                assertEquals("0", fixed.get("leaks"), client + " fixed loop reported a leak: " + run);
                assertEquals("0", fixed.get("failed"), client + " fixed loop had failed beats: " + run);
                if (POOLED.contains(client)) {
                    assertTrue(Integer.parseInt(leaky.get("failed")) > 0, client + ": the pool did not run dry " + run);
                }
                Map<String, String> reclaimed = run.result(client, "reclaimed");
                if (tracked) {
                    assertEquals(reclaimed.get("beats"), reclaimed.get("leaks"), client + " reclaimed loop: " + run);
                    assertEquals(reclaimed.get("leaks"), reclaimed.get("reclaimed"), client + " reclaimed loop: " + run);
                    assertEquals("0", reclaimed.get("failed"), client + " reclaimed loop had failed beats: " + run);
                }
                if (POOLED.contains(client)) {
                    assertEquals("0", reclaimed.get("sockets"), client + " reclaimed loop left sockets: " + run);
                    assertEquals("0", reclaimed.get("closeWait"), client + " reclaimed loop left CLOSE_WAIT: " + run);
                }
            }
            assertTrue(run.stderr().contains("Timeout waiting for connection from pool"), run.toString());
            // each loop's last progress line counts the leaks the table counts
            for (String client : DEMO_CLIENTS.keySet()) {
                for (String loop : List.of("leaky", "fixed")) {
                    String prefix = String.format("  %-13s %-9s beat 6/6", client, loop);
                    List<String> progress = run.lines().stream().filter(l -> l.startsWith(prefix)).toList();
                    assertEquals(1, progress.size(), prefix + "\n" + run);
                    assertTrue(progress.get(0).endsWith("  leaks " + run.result(client, loop).get("leaks")),
                            progress.get(0) + "\n" + run);
                }
            }
            // every row marked [n] has its footnote [n], which names the row's client
            for (String line : run.lines()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\S+) \\[(\\d+)] .*$").matcher(line);
                if (m.matches()) {
                    String note = "[" + m.group(2) + "] " + m.group(1) + ": ";
                    assertTrue(run.lines().stream().anyMatch(l -> l.startsWith(note)), note + "\n" + run);
                }
            }
            // the reference transport closes a leaked body's socket itself once the agent finds it: counted after that
            Map<String, String> reference = run.result("reference", "leaky");
            assertEquals("0", reference.get("sockets"), run.toString());
            assertEquals(reference.get("conns"), reference.get("socketsAtEnd"), "one socket per leak before: " + run);
            String svg = Files.readString(run.chart());
            assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"), svg);
            // one panel per loop, in the order of the RESULT lines, each on its own time axis: 0 to the loop's end
            java.util.regex.Matcher tick = java.util.regex.Pattern.compile(
                    "text-anchor=\"middle\" fill=\"#333\">([0-9.]+)</text>").matcher(svg);
            List<Double> ticks = new ArrayList<>();
            while (tick.find()) {
                ticks.add(Double.parseDouble(tick.group(1)));
            }
            List<Map<String, String>> loops = new ArrayList<>(run.results().values());
            assertEquals(loops.size() * 5, ticks.size(), ticks.toString());
            for (int i = 0; i < loops.size(); i++) {
                long millis = Long.parseLong(loops.get(i).get("millis"));
                double last = ticks.get(i * 5 + 4) * 1000;
                assertTrue(last >= millis, loops.get(i) + ": axis ends at " + last + " ms");
                boolean countedLater = loops.get(i).get("loop").equals("reclaimed")
                        || loops.get(i).get("client").equals("reference") && loops.get(i).get("loop").equals("leaky");
                if (!countedLater) { // no sample after the loop's end: the axis is the loop's own
                    assertTrue(last <= 2.5 * millis + 200, loops.get(i) + ": axis ends at " + last + " ms");
                }
            }
        }))));
    }

    /**
     * The default output, as a newcomer sees it: no line longer than 100 characters, no RESULT lines, and the
     * reference transport's row and footnote tell the same numbers: its leaks reported, the sockets open at the
     * loop's end, none left once the transport closed them after the collection, with no word of reclaim, which
     * was off.
     */
    @TestFactory
    Stream<DynamicNode> theDefaultOutputFitsOneHundredColumnsAndItsRowsAndNotesAgree() {
        return Jdk.all().stream().map(jdk -> dynamicContainer(jdk.name(), Stream.of(dynamicTest("demo", () -> {
            Run run = demo(jdk, true, "--beats", "3", "--interval", "20", "--client", "jdk,reference");
            assertEquals(0, run.exitCode(), run.toString());
            for (String line : run.lines()) {
                assertTrue(line.length() <= 100, "longer than 100: " + line);
            }
            assertTrue(run.results().isEmpty(), "RESULT lines only with --machine\n" + run);
            java.util.regex.Matcher row = java.util.regex.Pattern.compile(
                    "(?m)^reference \\[(\\d+)] +3/3 +(\\d+) +(\\d+) +(\\d+) ").matcher(run.stdout());
            assertTrue(row.find(), run.toString());
            String leaks = row.group(2);
            String conns = row.group(3);
            String open = row.group(4);
            assertEquals("3", leaks, run.toString());
            assertEquals("0", open, "closed by the transport once found\n" + run);
            String note = run.stdout().substring(run.stdout().indexOf("[" + row.group(1) + "] reference: "))
                    .replaceAll("\\s+", " ");
            assertTrue(note.startsWith("[" + row.group(1) + "] reference: its " + leaks + " leaks left " + conns
                    + " sockets open at the loop's end; the transport closes a leaked body's socket itself once the"
                    + " agent finds the body (reclaim was off), so " + open + " were left after the collection."),
                    note);
            List<String> referenceLeaks = run.stderr().lines().filter(l -> l.contains("LEAK: reference GET ")).toList();
            assertTrue(referenceLeaks.size() >= 2, run.toString());
            assertTrue(referenceLeaks.get(0).contains("The transport closed its connection itself"), referenceLeaks.get(0));
            assertTrue(!referenceLeaks.get(0).contains("reclaim gave"), referenceLeaks.get(0));
            String jdkLeak = run.stderr().lines().filter(l -> l.contains("LEAK: jdk GET ")).findFirst().orElseThrow();
            assertTrue(jdkLeak.contains(" thread=main ") && jdkLeak.contains(" pinned=unknown "), jdkLeak);
        }))));
    }

    @Test
    void withoutTheAgentItSaysSoFirstAndStillRuns() throws Exception {
        Run run = demo(Jdk.all().get(0), false, "--beats", "2", "--interval", "10", "--client", "okhttp,apache4",
                "--machine");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.lines().get(3).contains("agent NOT attached"), run.toString());
        assertEquals("n/a", run.result("okhttp", "leaky").get("leaks"), run.toString());
        assertEquals("2", run.result("okhttp", "leaky").get("conns"), run.toString());
        assertTrue(run.results().keySet().stream().noneMatch(k -> k.endsWith("/reclaimed")),
                "reclaim is the agent's: no reclaimed loop without it\n" + run);
    }

    @Test
    void aChartPathThatCannotBeWrittenFailsAtStartWithOneLine() throws Exception {
        long start = System.nanoTime();
        Run run = demo(Jdk.all().get(0), true, "--chart=/proc/nope/x.svg");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, run.exitCode(), run.toString());
        // (the JVM's own CDS note for -jar with an agent that appends to the bootstrap path is not the demo's)
        List<String> err = run.stderr().lines().filter(l -> !l.startsWith("OpenJDK 64-Bit Server VM warning: Sharing"))
                .toList();
        assertEquals(1, err.size(), run.toString());
        assertTrue(err.get(0).startsWith("bodycheck demo: cannot write the chart /proc/nope/x.svg: "), run.toString());
        assertEquals("", run.stdout(), "no loop ran\n" + run);
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void badFlagsGiveUsageAndExitCode2() throws Exception {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"--beats", "zero"},
                new String[] {"--client", "curl"}, new String[] {"--leaky-only", "--fixed-only"})) {
            Run run = demo(Jdk.all().get(0), false, args);
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.stderr().contains("usage: "), run.toString());
        }
        Run help = demo(Jdk.all().get(0), false, "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stdout().contains("--fixed-only"), help.toString());
    }
}
