package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every scenario of {@link Scenarios}, for one library version, on every JDK: one forked JVM per JDK
 * runs them all against WireMock, then each scenario is checked on its own in the agent's JSON Lines.
 * A subclass is the thin adapter: which library, which class path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientScenariosIT {
    private Servers servers;
    private final Map<Jdk, Result> results = new LinkedHashMap<>();

    /** The client id in reports. */
    abstract String client();

    /** The folder of target/libs with this library version's jars; null if the JDK or the agent has it. */
    abstract String libs();

    /** The {@code ClientAdapter} class run in the forked JVM. */
    abstract String adapter();

    /** Whether the library has an asynchronous call whose body is created on its own thread. */
    boolean hasAsync() {
        return true;
    }

    /** Whether the library's whole-body helper still makes a tracked body (false: ofString has none). */
    boolean helperIsTracked() {
        return true;
    }

    List<String> leakScenarios() {
        List<String> list = new ArrayList<>(List.of(Scenarios.LEAKS));
        if (!hasAsync()) {
            list.remove("async-drop");
        }
        return list;
    }

    @BeforeAll
    void runScenarios() throws Exception {
        servers = new Servers();
        List<String> args = new ArrayList<>(List.of(adapter(), servers.fixedBase(), servers.chunkedBase()));
        args.addAll(leakScenarios());
        args.addAll(List.of(Scenarios.CLEAN));
        for (Jdk jdk : Jdk.all()) {
            Fork fork = Fork.on(jdk);
            if (libs() != null) {
                fork.libs(libs());
            }
            results.put(jdk, fork.run(Scenarios.class.getName(), args.toArray(new String[0])));
        }
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> scenarios() {
        return results.entrySet().stream().map(e -> {
            Result r = e.getValue();
            List<DynamicNode> tests = new ArrayList<>();
            for (String scenario : leakScenarios()) {
                tests.add(dynamicTest(scenario + " is reported as a leak", () -> assertLeak(r, scenario)));
            }
            for (String scenario : Scenarios.CLEAN) {
                tests.add(dynamicTest(scenario + " is not reported", () -> assertNoReport(r, scenario)));
            }
            tests.add(dynamicTest("summary adds up", () -> assertSummary(r)));
            tests.add(dynamicTest("log has one LEAK block per leak and no agent trouble", () -> assertLog(r)));
            return dynamicContainer(e.getKey().name(), tests);
        });
    }

    private void assertLeak(Result r, String scenario) {
        List<JsonNode> leaks = r.events().leaksAt("/it/" + pathOf(scenario));
        assertEquals(1, leaks.size(), "one leak report for " + scenario + "\n" + r);
        JsonNode leak = leaks.get(0);
        String base = scenario.startsWith("chunked") ? servers.chunkedBase() : servers.fixedBase();
        assertEquals(client(), leak.path("client").asText());
        assertEquals("GET", leak.path("method").asText());
        assertEquals(base + "/it/" + pathOf(scenario), leak.path("url").asText(), "URL, redacted");
        assertEquals(scenario.startsWith("missing") ? 404 : 200, leak.path("status").asInt());
        long bytesRead = leak.path("bytesRead").asLong();
        if (scenario.equals("partial")) {
            assertTrue(bytesRead > 0 && bytesRead < Servers.BIG, "some bytes read, not all: " + bytesRead);
        } else {
            assertEquals(0, bytesRead, "bytesRead");
        }
        assertEquals("main", leak.path("thread").asText(), "the thread that made the request");
        assertTrue(leak.path("openMillis").asLong() >= 0);
        assertTrue(leak.path("site").asText().matches("[0-9a-f]{8}"), "site id " + leak.path("site"));
        JsonNode stack = leak.path("stack");
        boolean async = scenario.equals("async-drop");
        assertEquals(r.mark(async ? "async-request" : "request"), stack.path(0).asText(),
                "stack[0] is the line that made the request\n" + leak);
        assertTrue(stack.path(1).asText().startsWith(async ? "dev.bodycheck.it.app.Scenarios.run("
                : "dev.bodycheck.it.app.Scenarios.run("), "then its caller\n" + leak);
    }

    private void assertNoReport(Result r, String scenario) {
        assertEquals(List.of(), r.events().leaksAt("/it/" + pathOf(scenario)), "no report for " + scenario);
    }

    private void assertSummary(Result r) {
        JsonNode s = r.events().summary();
        int leaks = leakScenarios().size();
        // one request each; the two helper scenarios make a tracked body only if the helper streams it
        int requests = leaks + Scenarios.CLEAN.length - (helperIsTracked() ? 0 : 2);
        assertEquals(leaks, s.path("leaked").asInt(), "leaked\n" + r);
        assertEquals(requests, s.path("opened").asInt(), "opened\n" + r);
        assertEquals(0, s.path("open").asInt(), "open at exit\n" + r);
        assertEquals(s.path("opened").asInt(),
                s.path("consumed").asInt() + s.path("closed").asInt() + s.path("leaked").asInt());
        JsonNode mine = s.path("clients").path(client());
        assertEquals(requests, mine.path("opened").asInt(), "per-client counts\n" + s);
        assertEquals(leaks, r.events().of("leak").size(), "no other leak event\n" + r);
    }

    private void assertLog(Result r) {
        long blocks = r.stderr().lines().filter(l -> l.startsWith("LEAK: " + client() + " GET ")).count();
        assertEquals(leakScenarios().size(), blocks, r.stderr());
        assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
        assertFalse(r.stderr().contains("could not instrument"), r.stderr());
        assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
        assertFalse(r.stderr().contains("secret"), "query strings are redacted\n" + r.stderr());
    }

    /** The path each scenario requests (see Scenarios). */
    private static String pathOf(String scenario) {
        switch (scenario) {
            case "partial":
                return "big-partial";
            case "try-with-resources":
                return "big-try-with-resources";
            default:
                return scenario;
        }
    }
}
