package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.Apache4PoolIncident;
import dev.bodycheck.it.app.Apache5PoolIncident;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The incident: a pool of 2 connections per route and a health check that never closes its body. The
 * third check times out waiting for the pool, and at that moment the agent names the check's line, in
 * the same log as the timeout; the leak reports follow once the responses are collected. The same check
 * that closes its body runs 100 times on the 2 connections without a report. With the single-connection
 * manager, the second request fails at once ("still allocated"), and the agent names the held body. With
 * {@code reclaim=true}, the pool of 2 serves 20 dropped responses in a row: each time the lease waits too
 * long, one collection gives the dropped responses' connections back and the lease goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApachePoolIT {
    /** libs folder, client id, program. */
    private static final String[][] VERSIONS = {
        {"apache4", "apache4", Apache4PoolIncident.class.getName()},
        {"apache51", "apache5", Apache5PoolIncident.class.getName()},
        {"apache5", "apache5", Apache5PoolIncident.class.getName()},
    };

    /** Dropped responses in a row on the pool of 2. */
    private static final int DROPPED = 20;

    private Servers servers;
    private final List<Object[]> runs = new ArrayList<>(); // version, leak result, closed result

    @BeforeAll
    void runIncidents() throws Exception {
        servers = new Servers();
        for (String[] v : VERSIONS) {
            for (Jdk jdk : Jdk.all()) {
                // a large young generation (G1 starts with 5 % of the heap unless told): no collection by chance before
                // the pool runs dry
                Result leak = Fork.on(jdk).libs(v[0]).jvmArg("-Xms256m").jvmArg("-Xmn128m")
                        .run(v[2], servers.fixedBase() + "/it/incident", "leak");
                Result closed = Fork.on(jdk).libs(v[0]).run(v[2], servers.fixedBase() + "/it/incident-closed",
                        "closed");
                Result single = Fork.on(jdk).libs(v[0]).jvmArg("-Xms256m").jvmArg("-Xmn128m")
                        .run(v[2], servers.fixedBase() + "/it/incident-single", "single");
                Result reclaimed = Fork.on(jdk).libs(v[0]).jvmArg("-Xms256m").jvmArg("-Xmn128m").agentOptions("reclaim=true")
                        .run(v[2], servers.fixedBase() + "/it/incident-reclaimed", "dropped", Integer.toString(DROPPED));
                Result notReclaimed = Fork.on(jdk).libs(v[0]).jvmArg("-Xms256m").jvmArg("-Xmn128m").agentOptions("reclaim=false")
                        .run(v[2], servers.fixedBase() + "/it/incident-not-reclaimed", "dropped",
                                Integer.toString(DROPPED));
                runs.add(new Object[] {v, leak, closed, single, reclaimed, notReclaimed});
            }
        }
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> incidents() {
        return runs.stream().map(run -> {
            String[] v = (String[]) run[0];
            Result leak = (Result) run[1];
            Result closed = (Result) run[2];
            Result single = (Result) run[3];
            Result reclaimed = (Result) run[4];
            Result notReclaimed = (Result) run[5];
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest("the third request times out waiting for the pool",
                    () -> assertTrue(leak.stdout().contains("TIMEOUT at check 3\n"), leak.toString())));
            tests.add(dynamicTest("pool-exhausted names the leaking line at that moment",
                    () -> assertPoolExhausted(v[1], leak)));
            tests.add(dynamicTest("the report comes before the timeout, in the same log", () -> {
                int report = leak.stderr().indexOf("POOL EXHAUSTED: " + v[1]);
                int timeout = leak.stderr().indexOf("TIMEOUT at check 3");
                assertTrue(report >= 0 && report < timeout, leak.stderr());
                // the open bodies' stacks, or (if a collection ran first) the site of the earlier leaks
                assertTrue(leak.stderr().substring(report).contains("at " + leak.mark("leaky-check")),
                        leak.stderr());
            }));
            tests.add(dynamicTest("the two leaks are reported once unreachable", () -> {
                List<JsonNode> leaks = leak.events().leaksAt("/it/incident");
                assertEquals(2, leaks.size(), leak.toString());
                for (JsonNode l : leaks) {
                    assertEquals(v[1], l.path("client").asText());
                    assertEquals(leak.mark("leaky-check"), l.path("stack").path(0).asText(), l.toString());
                    // bytes on the wire: the default client asks for gzip, and WireMock sends it
                    assertTrue(l.path("bytesRead").asLong() > 0, l.toString());
                }
                assertEquals(2, leak.events().summary().path("leaked").asInt());
            }));
            tests.add(dynamicTest("closed bodies: 100 requests on 2 connections, no report", () -> {
                assertTrue(closed.stdout().contains("OK 100 checks"), closed.toString());
                assertEquals(List.of(), closed.events().of("pool-exhausted"), closed.toString());
                assertEquals(List.of(), closed.events().of("leak"), closed.toString());
                JsonNode s = closed.events().summary();
                assertEquals(100, s.path("opened").asInt(), closed.toString());
                assertEquals(0, s.path("open").asInt(), closed.toString());
                assertFalse(closed.stderr().contains("POOL EXHAUSTED"), closed.stderr());
            }));
            tests.add(dynamicTest("single-connection manager: the held body is named when the next request fails", () -> {
                assertTrue(single.stdout().contains("STILL ALLOCATED at check 2\n"), single.toString());
                List<JsonNode> events = single.events().of("pool-exhausted");
                assertEquals(1, events.size(), single.toString());
                assertEquals(1, events.get(0).path("open").asInt(), single.toString());
                assertTrue(events.get(0).path("detail").asText().contains("still allocated"), single.toString());
                assertEquals(single.mark("leaky-check"), events.get(0).path("sites").path(0).path("stack").path(0)
                        .asText(), single.toString());
                assertEquals(1, single.events().leaksAt("/it/incident-single").size(), single.toString());
            }));
            tests.add(dynamicTest("reclaim=true: a pool of 2 serves " + DROPPED + " dropped responses in a row", () -> {
                assertTrue(reclaimed.stdout().contains("OK " + DROPPED + " dropped\n"), reclaimed.toString());
                // every second check waits for the pool: one collection gives back the two dropped before it
                List<JsonNode> events = reclaimed.events().of("pool-exhausted");
                assertEquals(DROPPED / 2 - 1, events.size(), reclaimed.toString());
                for (JsonNode e : events) {
                    assertEquals(2, e.path("reclaimed").asInt(), e.toString());
                }
                assertTrue(reclaimed.stderr().contains("reclaim gave back the connections of 2 leaked response bodies"),
                        reclaimed.stderr());
                List<JsonNode> leaks = reclaimed.events().leaksAt("/it/incident-reclaimed");
                assertEquals(DROPPED, leaks.size(), "every leak is one event\n" + reclaimed);
                for (int i = 0; i < leaks.size(); i++) {
                    JsonNode l = leaks.get(i);
                    assertTrue(l.path("reclaimed").asBoolean(), l.toString());
                    // a site's first three carry the stack, the later ones only their site
                    String expected = l.path("siteLeaks").asInt() <= 3 ? reclaimed.mark("leaky-check") : "";
                    assertEquals(expected, l.path("stack").path(0).asText(), l.toString());
                }
                JsonNode s = reclaimed.events().summary();
                assertEquals(DROPPED, s.path("leaked").asInt(), s.toString());
                assertEquals(DROPPED, s.path("reclaimed").asInt(), "the last two at exit\n" + s);
            }));
            tests.add(dynamicTest("reclaim=false: unchanged, the third dropped response times out", () -> {
                assertTrue(notReclaimed.stdout().contains("TIMEOUT at check 3\n"), notReclaimed.toString());
                List<JsonNode> events = notReclaimed.events().of("pool-exhausted");
                assertEquals(1, events.size(), notReclaimed.toString());
                assertFalse(events.get(0).has("reclaimed"), events.get(0).toString());
                assertEquals(0, notReclaimed.events().summary().path("reclaimed").asInt(), notReclaimed.toString());
            }));
            tests.add(dynamicTest("no agent trouble", () -> {
                for (Result r : List.of(leak, closed, single, reclaimed, notReclaimed)) {
                    assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                    assertFalse(r.stderr().contains("could not instrument"), r.stderr());
                    assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
                }
            }));
            return dynamicContainer(v[0] + " on " + leak.jdk().name(), tests);
        });
    }

    /** 25 failed leases in a few seconds: one line in the log naming the 24 folded into it, 25 events in the file. */
    @Test
    void aPoolThatStaysExhaustedIsLoggedOnceAndRecordedEveryTime() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("apache5").jvmArg("-Xms256m").jvmArg("-Xmn128m")
                    .run(Apache5PoolIncident.class.getName(), servers.fixedBase() + "/it/incident-retries", "retries",
                            "25");
            assertTrue(r.stdout().contains("FAILED 25 of 25\n"), r.toString());
            assertEquals(25, r.events().of("pool-exhausted").size(), r.toString());
            List<String> lines = r.stderr().lines().filter(l -> l.startsWith("POOL EXHAUSTED: "))
                    .collect(Collectors.toList());
            assertEquals(2, lines.size(), r.stderr());
            assertTrue(lines.get(0).startsWith("POOL EXHAUSTED: apache5 "), r.stderr());
            // the rest, folded: named at exit since none came 10 s after the first
            assertEquals("POOL EXHAUSTED: apache5: 24 pool-exhausted events since the last such line were not "
                    + "logged; each is in the report file", lines.get(1));
        }
    }

    private static void assertPoolExhausted(String client, Result r) {
        List<JsonNode> events = r.events().of("pool-exhausted");
        assertEquals(1, events.size(), r.toString());
        JsonNode e = events.get(0);
        assertEquals(client, e.path("client").asText());
        assertFalse(e.has("reclaimed"), "without reclaim, the event is unchanged\n" + e);
        assertTrue(e.path("detail").asText().contains("leased 2 of max 2 per route"), e.toString());
        if (e.path("open").asInt() < 2) {
            // a collection ran before the pool timed out (a busy machine): the leaks were reported already,
            // and the report still names the line, among this client's earlier leaks
            JsonNode leaked = e.path("leakedSites");
            assertEquals(1, leaked.size(), e.toString());
            assertEquals(2 - e.path("open").asInt(), leaked.get(0).path("leaked").asInt(), e.toString());
            assertEquals(r.mark("leaky-check"), leaked.get(0).path("frame").asText(), e.toString());
            return;
        }
        assertEquals(2, e.path("open").asInt(), e.toString());
        JsonNode sites = e.path("sites");
        assertEquals(1, sites.size(), "both open bodies come from one site\n" + e);
        JsonNode site = sites.get(0);
        assertEquals(2, site.path("count").asInt());
        assertEquals("GET", site.path("method").asText());
        assertTrue(site.path("url").asText().endsWith("/it/incident"), e.toString());
        assertEquals(200, site.path("status").asInt());
        assertTrue(site.path("bytesRead").asLong() > 0, e.toString());
        assertTrue(site.path("oldestOpenMillis").asLong() >= 1000, "open since before the 1 s wait\n" + e);
        assertEquals(r.mark("leaky-check"), site.path("stack").path(0).asText(), e.toString());
        assertTrue(site.path("stack").path(1).asText().startsWith("dev.bodycheck.it.app.Apache"), e.toString());
    }
}
