package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** JMX, openWarn, ignore=FILE and attach, on a program that keeps one response and leaks others. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {
    private static final String MAIN = "dev.bodycheck.it.app.Operations";
    private Servers servers;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        servers = new Servers();
    }

    @AfterAll
    void stop() {
        servers.close();
    }

    @Test
    void jmxCountsAndDumpTheOpenBodiesAndOpenWarnReportsTheKeptOneOnce() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").agentOptions("openWarn=300ms")
                    .run(MAIN, servers.fixedBase(), "hold", "1200");
            assertTrue(r.stdout().contains("JMX Opened 4\n"), r.toString());
            assertTrue(r.stdout().contains("JMX Leaked 3\n"), r.toString());
            assertTrue(r.stdout().contains("JMX Reclaimed 0\n"), "reclaim is off by default\n" + r);
            assertTrue(r.stdout().contains("JMX Open 1\n"), r.toString());
            assertTrue(r.stdout().contains("JMX InternalErrors 0\n"), r.toString());
            assertTrue(r.stdout().contains("JMX OpenByClient okhttp=1\n"), r.toString());
            assertTrue(r.stdout().contains("DUMP 1 open response body\nDUMP   1 open from site "), r.toString());
            assertTrue(r.stdout().contains("okhttp GET " + servers.fixedBase() + "/it/kept status=200"), r.toString());
            assertTrue(r.stdout().contains("DUMP \tat dev.bodycheck.it.app.Operations.main(Operations.java:"),
                    r.toString());

            List<JsonNode> warned = r.events().of("open-too-long");
            assertEquals(1, warned.size(), "reported once, although open for 4 periods\n" + r);
            assertTrue(warned.get(0).path("url").asText().endsWith("/it/kept"));
            assertTrue(warned.get(0).path("openMillis").asLong() >= 300);
            assertTrue(warned.get(0).path("stack").path(0).asText().startsWith(MAIN + ".main(Operations.java:"));
            assertTrue(r.stderr().contains("OPEN TOO LONG: okhttp GET "), r.stderr());
            assertEquals(3, r.events().leaksAt("/it/loop").size(), r.toString());
        }
    }

    /**
     * A program that never reads JMX does not pay for the platform MBean server after its first request (the
     * JDK's platform MXBeans): the agent creates it, with its view, only 10 s after that request.
     */
    @Test
    void theJmxViewOfAProgramThatNobodyWatchesComesTenSecondsAfterItsFirstRequest() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").run(MAIN, servers.fixedBase(), "unwatched");
            assertTrue(r.stdout().contains("SERVERS AFTER 1 S 0\n"), r.toString());
            String after = r.stdout().replaceAll("(?s).*SERVER AFTER S (\\d+)\n.*", "$1");
            int seconds = Integer.parseInt(after);
            assertTrue(seconds >= 9 && seconds < 30, "created after " + seconds + " s\n" + r);
            assertTrue(r.stdout().contains("JMX Opened 1\n"), r.toString());
        }
    }

    /**
     * The shipped docs/prometheus-jmx.yaml, in the Prometheus JMX exporter's agent on the same JVM: its page on
     * 127.0.0.1 shows the per-client counts with their exact values.
     */
    @Test
    void thePrometheusJmxExporterWithTheShippedRulesShowsTheCountsPerClient() throws Exception {
        Path exporter;
        try (var jars = Files.list(Paths.get(System.getProperty("it.libs")).resolve("prometheus-jmx"))) {
            exporter = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path rules = Paths.get(System.getProperty("it.docs")).resolve("prometheus-jmx.yaml");
        for (Jdk jdk : Jdk.all()) {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            Result r = Fork.on(jdk).libs("okhttp4").jvmArg("-javaagent:" + exporter + "=127.0.0.1:" + port + ":" + rules)
                    .run(MAIN, servers.fixedBase(), "scrape", Integer.toString(port));
            List<String> metrics = r.stdout().lines().filter(l -> l.startsWith("METRIC "))
                    .map(l -> l.substring("METRIC ".length())).collect(Collectors.toList());
            assertTrue(metrics.contains("bodycheck_bodies_leaked_total{client=\"okhttp\"} 3.0"), metrics + "\n" + r);
            assertTrue(metrics.contains("bodycheck_bodies_opened_total{client=\"okhttp\"} 4.0"), metrics + "\n" + r);
            assertTrue(metrics.contains("bodycheck_bodies_open{client=\"okhttp\"} 1.0"), metrics + "\n" + r);
            assertTrue(metrics.contains("bodycheck_bodies_ignored_total{client=\"okhttp\"} 0.0"), metrics + "\n" + r);
            assertTrue(metrics.contains("bodycheck_internal_errors_total 0.0"), metrics + "\n" + r);
            // every tracked client has its bean, one that made no request counts 0
            assertTrue(metrics.contains("bodycheck_bodies_leaked_total{client=\"jdk\"} 0.0"), metrics + "\n" + r);
        }
    }

    /** Ignored leaks are counted (in leaked and in ignored) and never reported, whether stacks are sampled or not. */
    @Test
    void ignoredSitesAreCountedInTheSummaryButNotReported() throws Exception {
        Jdk jdk = Jdk.all().get(0);
        Path ignore = dir.resolve("ignore.txt");
        Files.writeString(ignore, "# leaks of this loop are known\n" + MAIN + ".leak(\n");
        for (String stacks : List.of("all", "1/1000")) {
            Result r = Fork.on(jdk).libs("okhttp4").agentOptions("ignore=" + ignore + ",stacks=" + stacks)
                    .run(MAIN, servers.fixedBase(), "hold", "10");
            assertEquals(List.of(), r.events().of("leak"), stacks + "\n" + r);
            JsonNode summary = r.events().summary();
            assertEquals(3, summary.path("leaked").asInt(), summary.toString());
            assertEquals(3, summary.path("ignored").asInt(), summary.toString());
            assertEquals(3, summary.path("clients").path("okhttp").path("ignored").asInt(), summary.toString());
            JsonNode site = summary.path("sites").path(0);
            assertEquals(3, site.path("leaked").asInt(), "ignored leaks are leaks: " + summary);
            assertEquals(3, site.path("ignored").asInt(), summary.toString());
            assertEquals(0, summary.path("internalErrors").asInt(), summary.toString());
            assertTrue(!r.stderr().contains("LEAK:"), r.stderr());
        }
    }

    @Test
    void attachToARunningJvmTracksTheBodiesCreatedAfterwards() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Path report = dir.resolve("attach-" + jdk.name() + ".jsonl");
            Path flag = dir.resolve("go-" + jdk.name());
            List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "-XX:+EnableDynamicAgentLoading", "-cp",
                    Fork.classpath("okhttp4"), MAIN, servers.fixedBase(), "wait", flag.toString()));
            Process app = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("READY", out.readLine());
                Process attach = new ProcessBuilder(jdk.java().toString(), "-jar", Fork.agentJar().toString(), "attach",
                        Long.toString(app.pid()), "report=" + report + ",log=stderr,stacks=all").redirectErrorStream(true)
                        .start();
                String said = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, attach.exitValue(), said);
                assertTrue(said.contains("attached to " + app.pid()), said);
                Files.createFile(flag);
                String rest = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(app.waitFor(60, TimeUnit.SECONDS));
                assertTrue(rest.contains("DONE"), rest);
                String events = Files.readString(report).replaceAll("\"time\":\"[^\"]*\",\"pid\":\\d+,", "");
                assertTrue(events.contains("\"event\":\"leak\",\"client\":\"okhttp\",\"method\":\"GET\",\"url\":\""
                        + servers.fixedBase() + "/it/after-attach\""), events + rest);
                assertTrue(events.contains("\"stack\":[\"" + MAIN + ".leak(Operations.java:"), events);
            } finally {
                app.destroyForcibly();
            }
        }
    }

    /** attach exits 0 only when the agent runs in the target with the options asked for. */
    @Test
    void attachTellsWhetherTheTargetRunsTheAgentWithThoseOptions() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Path flag = dir.resolve("refuse-" + jdk.name());
            Path stderr = dir.resolve("refuse-" + jdk.name() + ".err");
            List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(),
                    "-javaagent:" + Fork.agentJar() + "=stacks=none,log=stderr", "-XX:+EnableDynamicAgentLoading",
                    "-cp", Fork.classpath("okhttp4"), MAIN, servers.fixedBase(), "wait", flag.toString()));
            Process app = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("READY", out.readLine());
                String pid = Long.toString(app.pid());

                Attach other = Attach.run(jdk, pid, "stacks=all");
                assertEquals(3, other.exit, other.said);
                assertEquals("bodycheck: not attached to " + pid + ": already attached to this JVM with other options "
                        + "(log=stderr,stacks=none); the second start is ignored\n", other.said);

                Attach same = Attach.run(jdk, pid, "stacks=none,log=stderr");
                assertEquals(0, same.exit, same.said);
                assertTrue(same.said.startsWith("bodycheck: attached to " + pid + " with stacks=none,log=stderr (it was "
                        + "running already with these options)"), same.said);

                Attach bad = Attach.run(jdk, pid, "stacks=some");
                assertEquals(2, bad.exit, bad.said);
                assertEquals("bodycheck: option 'stacks' has a bad value 'some'; allowed: auto, all, none, or a sampling rate "
                        + "1/N; using the default 'auto'\nbodycheck: not attached to " + pid + ": fix the options above\n",
                        bad.said);

                Files.createFile(flag);
                String rest = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(app.waitFor(60, TimeUnit.SECONDS));
                assertTrue(rest.contains("DONE"), rest);
                String said = Files.readString(stderr);
                assertEquals(1, said.lines().filter(l -> l.startsWith("bodycheck: already attached")).count(),
                        "the target said it once, for the refused attach\n" + said);
            } finally {
                app.destroyForcibly();
            }
        }
    }

    /** One run of {@code java -jar bodycheck-agent.jar attach}. */
    private static final class Attach {
        final int exit;
        final String said;

        private Attach(int exit, String said) {
            this.exit = exit;
            this.said = said;
        }

        static Attach run(Jdk jdk, String pid, String options) throws Exception {
            return command(jdk, "attach", pid, options);
        }

        /** {@code java -jar bodycheck-agent.jar <args>}. */
        static Attach command(Jdk jdk, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "-jar", Fork.agentJar().toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            return new Attach(p.exitValue(), said);
        }
    }

    /**
     * {@code stats} and {@code dump} read a running JVM's view from outside, with no JMX port: the counts, all and
     * per client, and the body it keeps open, at the line that made it. On a JVM without the agent they load it
     * first, and it has counted nothing yet.
     */
    @Test
    void statsAndDumpReadARunningJvmsCountsAndOpenBodies() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Path report = dir.resolve("stats-" + jdk.name() + ".jsonl");
            Path flag = dir.resolve("stats-done-" + jdk.name());
            List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(),
                    "-javaagent:" + Fork.agentJar() + "=log=none,stacks=all,report=" + report, "-Dit.report=" + report,
                    "-cp", Fork.classpath("okhttp4"), MAIN, servers.fixedBase(), "keep", flag.toString()));
            Process app = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                while (line != null && line.startsWith("MARK ")) {
                    line = out.readLine();
                }
                assertEquals("READY 3", line);
                String pid = Long.toString(app.pid());
                Attach stats = Attach.command(jdk, "stats", pid);
                assertEquals(0, stats.exit, stats.said);
                assertEquals("bodycheck in process " + pid + ": opened=4 consumed=0 closed=0 leaked=3 ignored=0 "
                        + "reclaimed=0 open=1 internalErrors=0\n"
                        + "  okhttp: opened=4 consumed=0 closed=0 leaked=3 ignored=0 reclaimed=0 open=1\n", stats.said);
                Attach dump = Attach.command(jdk, "dump", pid);
                assertEquals(0, dump.exit, dump.said);
                assertTrue(dump.said.startsWith("1 open response body\n  1 open from site "), dump.said);
                assertTrue(dump.said.contains(": okhttp GET " + servers.fixedBase() + "/it/kept status=200 oldest open="),
                        dump.said);
                assertTrue(dump.said.contains("\n\tat " + MAIN + ".main(Operations.java:"), dump.said);
                Files.createFile(flag);
                assertTrue(app.waitFor(60, TimeUnit.SECONDS));
            } finally {
                app.destroyForcibly();
            }

            Path go = dir.resolve("stats-attach-" + jdk.name());
            Process bare = new ProcessBuilder(jdk.java().toString(), "-XX:+EnableDynamicAgentLoading", "-cp",
                    Fork.classpath("okhttp4"), MAIN, servers.fixedBase(), "wait", go.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(bare.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("READY", out.readLine());
                String pid = Long.toString(bare.pid());
                Attach stats = Attach.command(jdk, "stats", pid);
                assertEquals(0, stats.exit, stats.said);
                assertEquals("bodycheck: attached to " + pid + "; bodies created from now on are tracked\n"
                        + "bodycheck in process " + pid + ": no request tracked yet: opened=0 consumed=0 closed=0 "
                        + "leaked=0 ignored=0 reclaimed=0 open=0\n", stats.said);
                Attach again = Attach.command(jdk, "dump", pid);
                assertEquals(0, again.exit, again.said);
                assertEquals("0 open response bodies (no request tracked yet)\n", again.said, "attached once only");
                Files.createFile(go);
                assertTrue(bare.waitFor(60, TimeUnit.SECONDS));
            } finally {
                bare.destroyForcibly();
            }
        }
    }

    /** A process that is no JVM: attach, stats and dump say so at once, instead of waiting 10 s for an answer. */
    @Test
    void attachStatsAndDumpOfAProcessThatIsNoJvmFailAtOnce() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            for (String command : List.of("attach", "stats", "dump")) {
                long start = System.nanoTime();
                Attach r = Attach.command(Jdk.all().get(0), command, Long.toString(sleeper.pid()));
                assertEquals(1, r.exit, r.said);
                assertTrue(r.said.startsWith("bodycheck: cannot attach to process " + sleeper.pid()
                        + ": it is no Java VM ("), r.said);
                assertTrue(r.said.contains("'java -jar bodycheck-agent.jar list' shows the JVMs"), r.said);
                assertTrue(System.nanoTime() - start < 8_000_000_000L, command + ": no 10 s wait for an answer");
            }
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void attachToANonexistentProcessSaysSoAndExitsWithOne() throws Exception {
        Process attach = new ProcessBuilder(Jdk.all().get(0).java().toString(), "-jar", Fork.agentJar().toString(),
                "attach", "2147483646").redirectErrorStream(true).start();
        String said = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, attach.exitValue(), said);
        assertEquals("bodycheck: cannot attach to process 2147483646: no such process\n", said);
    }
}
