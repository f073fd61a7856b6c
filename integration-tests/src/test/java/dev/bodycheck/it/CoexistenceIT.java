package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.LeakStorm;
import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** bodycheck next to the other tools a JVM carries: Mockito, the OpenTelemetry agent, the application's own Byte Buddy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoexistenceIT {
    private Servers servers;

    @BeforeAll
    void start() {
        servers = new Servers();
    }

    @AfterAll
    void stop() {
        servers.close();
    }

    private void assertOneLeakAt(Result r, String path) {
        List<JsonNode> leaks = r.events().of("leak");
        assertEquals(1, leaks.size(), r.toString());
        assertEquals(servers.fixedBase() + path, leaks.get(0).path("url").asText());
        assertEquals(r.mark("request"), leaks.get(0).path("stack").path(0).asText(), r.toString());
        assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
        assertFalse(r.stderr().contains("could not instrument"), r.stderr());
    }

    @Test
    void mockitosInlineMockMakerInTheSameJvm() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").libs("mockito").jvmArg("-XX:+EnableDynamicAgentLoading")
                    .run("dev.bodycheck.it.app.WithMockito", servers.fixedBase());
            assertTrue(r.stdout().contains("MOCK mocked\n"), r.toString());
            assertOneLeakAt(r, "/it/mockito-drop");
        }
    }

    @Test
    void theApplicationsOwnByteBuddyAndSlf4jWorkAndReportsArriveThroughSlf4j() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").libs("bytebuddy-slf4j").agentOptions("log=system")
                    .run("dev.bodycheck.it.app.WithOwnByteBuddyAndSlf4j", servers.fixedBase());
            assertTrue(r.stdout().contains("BYTEBUDDY made by the application's Byte Buddy from byte-buddy-1.17.7.jar\n"), r.toString());
            assertTrue(r.stderr().contains("INFO app - application log line"), r.stderr());
            assertTrue(r.stderr().contains("WARN bodycheck - LEAK: okhttp GET " + servers.fixedBase() + "/it/slf4j-drop"),
                    "the LEAK block through SLF4J\n" + r.stderr());
            assertOneLeakAt(r, "/it/slf4j-drop");
        }
    }

    /**
     * The default log, {@code System.Logger} over JUL, for a leak found only by the collection at exit (a young
     * generation large enough that none ran before): JUL's own shutdown hook resets its handlers meanwhile, and
     * the report must not be lost with them.
     */
    @Test
    void theDefaultLogLosesNoLeakFoundAtExit() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").jvmArg("-Xmn128m").agentOptions("log=system")
                    .run(Scenarios.class.getName(), "dev.bodycheck.it.app.OkHttpAdapter", servers.fixedBase(),
                            servers.chunkedBase(), servers.closeDelimitedBase(), "drop");
            assertTrue(r.stdout().contains("DONE"), r.toString());
            assertTrue(r.stderr().contains("WARNING: LEAK: okhttp GET " + servers.fixedBase() + "/it/drop "), r.toString());
            assertOneLeakAt(r, "/it/drop");
        }
    }

    @Test
    void theOpenTelemetryAgentOnTheSameJvm() throws Exception {
        Path otel;
        try (var jars = Files.list(Paths.get(System.getProperty("it.libs")).resolve("otel"))) {
            otel = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").jvmArg("-javaagent:" + otel)
                    .jvmArg("-Dotel.traces.exporter=none").jvmArg("-Dotel.metrics.exporter=none")
                    .jvmArg("-Dotel.logs.exporter=none").jvmArg("-Dotel.javaagent.logging=none")
                    .run(Scenarios.class.getName(), "dev.bodycheck.it.app.OkHttpAdapter", servers.fixedBase(),
                            servers.chunkedBase(), servers.closeDelimitedBase(), "drop", "helper", "eof-no-close", "close-unread");
            assertTrue(r.stdout().contains("DONE"), r.toString());
            assertOneLeakAt(r, "/it/drop");
            JsonNode summary = r.events().summary();
            assertEquals(4, summary.path("opened").asInt(), summary.toString());
            assertEquals(1, summary.path("leaked").asInt(), summary.toString());
        }
    }

    @Test
    void loadAcrossThreadsCountsAddUpExactly() throws Exception {
        int threads = 16;
        int perThread = 5000;
        // clients whose leaked bodies give their connections back once collected (OkHttp, the reference
        // transport): an Apache pool would be held by the first leaks for good, which is the incident itself
        Result r = Fork.on(Jdk.all().get(0)).libs("okhttp4").agentOptions("log=none")
                .run("dev.bodycheck.it.app.Load", servers.fixedBase(), Integer.toString(threads),
                        Integer.toString(perThread), "dev.bodycheck.it.app.OkHttpAdapter",
                        "dev.bodycheck.it.app.ReferenceAdapter");
        String expect = r.stdout().lines().filter(l -> l.startsWith("EXPECT ")).findFirst().orElseThrow();
        assertTrue(expect.endsWith(" failures=0"), expect);
        long leaked = threads * perThread / 10;
        long closed = threads * perThread / 5;
        JsonNode s = r.events().summary();
        assertEquals(threads * perThread, s.path("opened").asLong(), s.toString());
        assertEquals(leaked, s.path("leaked").asLong(), s.toString());
        assertEquals(closed, s.path("closed").asLong(), s.toString());
        assertEquals(threads * perThread - leaked - closed, s.path("consumed").asLong(), s.toString());
        assertEquals(0, s.path("open").asLong(), s.toString());
        // every leak came from one line: reported in full three times, all of them counted for that site
        List<JsonNode> sites = iterable(s.path("sites"));
        assertEquals(leaked, sites.stream().mapToLong(n -> n.path("leaked").asLong()).sum(), s.toString());
        assertEquals(leaked, r.events().of("leak").size(), "one JSON line per leak");
        assertEquals(3L * sites.size(), r.events().of("leak").stream().filter(e -> e.path("stack").size() > 0).count(),
                "the stack on the first three of a site");
    }

    @Test
    void aLeakStormFromOneSiteStaysReadable() throws Exception {
        Result r = Fork.on(Jdk.all().get(0)).jvmArg("-Xmx96m")
                .run(LeakStorm.class.getName(), "100000");
        JsonNode s = r.events().summary();
        assertEquals(100_000, s.path("leaked").asLong(), s.toString());
        assertEquals(1, s.path("sites").size(), "one site, counted");
        assertEquals(100_000, s.path("sites").path(0).path("leaked").asLong());
        List<JsonNode> leaks = r.events().of("leak");
        assertEquals(100_000, leaks.size(), "every leak is one event in the file");
        String site = s.path("sites").path(0).path("site").asText();
        // numbered 1 to 100,000 (two threads may report at once: the file's order is not the numbers')
        assertEquals(LongStream.rangeClosed(1, 100_000).boxed().collect(Collectors.toSet()),
                leaks.stream().map(l -> l.path("siteLeaks").asLong()).collect(Collectors.toSet()));
        for (JsonNode leak : leaks) {
            assertEquals(site, leak.path("site").asText(), leak.toString());
            boolean full = leak.path("siteLeaks").asLong() <= 3;
            assertEquals(full, leak.path("stack").size() > 0, leak.toString());
            if (full) {
                assertTrue(leak.path("stack").path(0).asText().startsWith(LeakStorm.class.getName() + ".leakOne("),
                        leak.toString());
            }
        }
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("LEAK: ")).collect(Collectors.toList());
        // three full blocks, then one line at 10, 100, 1000, 10000 and 100000 leaks
        assertEquals(3 + 5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).startsWith("LEAK: 100000 leaks so far from site "), lines.toString());
        assertTrue(r.stderr().lines().count() < 40, "the log stays short\n" + r.stderr());
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
