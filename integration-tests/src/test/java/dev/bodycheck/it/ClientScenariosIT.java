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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance matrix ({@link Scenarios}), for one library version, on every JDK: one forked JVM per
 * JDK runs every case against the local servers, then each case is checked on its own in the agent's JSON
 * Lines: a leak case is one report with every field right, its correct twin none. A subclass is the thin
 * adapter: which library, which class path, which cases it cannot express and why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientScenariosIT {
    private Servers servers;
    private final Map<Jdk, Result> results = new LinkedHashMap<>();

    /** The client id in reports. */
    abstract String client();

    /**
     * The folder of target/libs with this library version's jars (several, comma-separated, where the library's own
     * dependencies are in another); null if the JDK or the agent has it.
     */
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

    /**
     * Whether the library reads a small body ahead to its end and releases the connection before the
     * application has read it: then such a body dropped partly read is a leak that pinned nothing.
     */
    boolean readsSmallBodiesAhead() {
        return false;
    }

    /**
     * Whether the library reads every small body to its end with no read of the application's and releases the
     * connection (an event loop's buffer): then every small body dropped pinned nothing, only the big ones did.
     */
    boolean readsSmallBodiesAheadUnread() {
        return false;
    }

    /**
     * Whether the agent sees if an open body still holds its connection; where it does not (the library may
     * have received a small body whole and let the connection go unseen), reports say {@code pinned} is unknown.
     */
    boolean tellsPinned() {
        return true;
    }

    /** Bodies the library itself opens and ends for each redirect it follows (the 3xx's own body). */
    int bodiesPerRedirect() {
        return 0;
    }

    /** Whether the library has a response cache whose bodies hold its files open (OkHttp's Cache). */
    boolean hasCache() {
        return false;
    }

    /** The cases this library cannot express, with the reason. */
    Map<String, String> notApplicable() {
        Map<String, String> na = new LinkedHashMap<>();
        if (!hasCache()) {
            for (String c : List.of("cached-drop", "cached-close", "cached-eof-close")) {
                na.put(c, "the library has no response cache");
            }
        }
        if (!hasAsync()) {
            na.put("async-drop", "the library has no asynchronous call");
            na.put("async-eof", "the library has no asynchronous call");
        }
        return na;
    }

    /**
     * Correct-looking cases that really hold a connection in this library, so that they are leaks here,
     * with the reason (SPEC.md says a response without payload holds nothing: not true everywhere).
     */
    Map<String, String> leaksHere() {
        return new LinkedHashMap<>();
    }

    private List<String> applicable(String[] cases) {
        List<String> list = new ArrayList<>(List.of(cases));
        list.removeAll(notApplicable().keySet());
        return list;
    }

    List<String> leakScenarios() {
        List<String> list = applicable(Scenarios.LEAKS);
        list.addAll(leaksHere().keySet());
        return list;
    }

    List<String> cleanScenarios() {
        List<String> list = applicable(Scenarios.CLEAN);
        for (String leak : leaksHere().keySet()) { // a body that can leak here is tracked, and so is its twin
            list.remove(leak);
            list.remove(leak.replace("-drop", "-close"));
        }
        return list;
    }

    /** The correct cases that make no tracked body: no payload, or read whole by the library itself. */
    private List<String> untracked() {
        List<String> list = new ArrayList<>(List.of("status204-drop", "status204-close", "status304-drop",
                "head-drop", "head-close", "empty-drop", "empty-close"));
        if (!helperIsTracked()) {
            list.addAll(List.of("helper", "missing-helper"));
        }
        for (String leak : leaksHere().keySet()) { // a body that can leak here is tracked, and so is its twin
            list.remove(leak);
            list.remove(leak.replace("-drop", "-close"));
        }
        return list;
    }

    @BeforeAll
    void runScenarios() throws Exception {
        servers = new Servers();
        List<String> args = new ArrayList<>(List.of(adapter(), servers.fixedBase(), servers.chunkedBase(),
                servers.closeDelimitedBase()));
        args.addAll(leakScenarios());
        args.addAll(cleanScenarios());
        for (Jdk jdk : Jdk.all()) {
            Fork fork = Fork.on(jdk);
            if (libs() != null) {
                for (String dir : libs().split(",")) {
                    fork.libs(dir);
                }
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
            for (String scenario : cleanScenarios()) {
                tests.add(dynamicTest(scenario + " is not reported", () -> assertNoReport(r, scenario)));
            }
            for (Map.Entry<String, String> na : notApplicable().entrySet()) {
                tests.add(dynamicTest(na.getKey() + " is not applicable", () -> Assumptions.abort(na.getValue())));
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
        String base = scenario.startsWith("chunked") ? servers.chunkedBase()
                : scenario.startsWith("closedelim") ? servers.closeDelimitedBase() : servers.fixedBase();
        assertEquals(client(), leak.path("client").asText());
        assertEquals("GET", leak.path("method").asText());
        assertEquals(base + "/it/" + pathOf(scenario), leak.path("url").asText(), "URL, redacted");
        assertEquals(scenario.startsWith("missing") ? 404 : scenario.startsWith("error") ? 500 : 200,
                leak.path("status").asInt());
        long bytesRead = leak.path("bytesRead").asLong();
        if (scenario.equals("partial") || scenario.equals("other-thread-partial")) {
            assertTrue(bytesRead > 0 && bytesRead < Servers.BIG, "some bytes read, not all: " + bytesRead);
        } else if (scenario.equals("small-partial") || scenario.equals("gzip-partial")) {
            assertTrue(bytesRead > 0 && bytesRead <= Servers.SMALL, "some bytes read: " + bytesRead);
        } else {
            assertEquals(0, bytesRead, "bytesRead");
        }
        boolean big = scenario.equals("partial") || scenario.equals("other-thread-partial");
        boolean pinned = readsSmallBodiesAheadUnread() ? big
                : !((scenario.equals("small-partial") || scenario.equals("gzip-partial")) && readsSmallBodiesAhead());
        if (tellsPinned()) {
            assertEquals(pinned, leak.path("pinned").asBoolean(!pinned), "pinned\n" + leak);
        } else {
            assertTrue(leak.path("pinned").isNull(), "pinned unknown\n" + leak);
        }
        assertEquals("main", leak.path("thread").asText(), "the thread that made the request");
        assertTrue(leak.path("openMillis").asLong() >= 0);
        assertTrue(leak.path("site").asText().matches("[0-9a-f]{8}"), "site id " + leak.path("site"));
        if (scenario.startsWith("redirect")) {
            assertEquals(List.of(), r.events().leaksAt("/it/" + scenario), "the 3xx's own body is the library's");
        }
        // every leak from one line is one site: the report file has the stack of its first three leaks, and the
        // summary the line and the caller paths that led to it
        boolean async = scenario.equals("async-drop");
        String line = r.mark(async ? "async-request" : scenario.startsWith("cached") ? "cached-request" : "request");
        String caller = scenario.startsWith("cached") ? "dev.bodycheck.it.app.Scenarios.cached("
                : "dev.bodycheck.it.app.Scenarios.run(";
        List<JsonNode> ofSite = leaksOfSite(r, leak.path("site").asText());
        List<JsonNode> withStack = ofSite.stream().filter(e -> e.path("stack").size() > 0).collect(Collectors.toList());
        assertEquals(Math.min(3, ofSite.size()), withStack.size(), "the first three of a site carry its stack\n" + r);
        for (JsonNode e : withStack) {
            assertEquals(line, e.path("stack").path(0).asText(), "stack[0] is the line that made the request\n" + e);
            assertTrue(e.path("stack").path(1).asText().startsWith(caller), "then its caller\n" + e);
        }
        JsonNode site = siteInSummary(r, leak.path("site").asText());
        assertEquals(line, site.path("frame").asText(), "the site is that line\n" + site);
        assertEquals(ofSite.size(), site.path("leaked").asInt(), site.toString());
        for (JsonNode path : site.path("firstPaths")) {
            assertTrue(path.path("stack").path(0).asText().startsWith(caller), "a path from its caller\n" + site);
        }
    }

    private static List<JsonNode> leaksOfSite(Result r, String site) {
        return r.events().of("leak").stream().filter(e -> e.path("site").asText().equals(site))
                .collect(Collectors.toList());
    }

    private static JsonNode siteInSummary(Result r, String site) {
        for (JsonNode s : r.events().summary().path("sites")) {
            if (s.path("site").asText().equals(site)) {
                return s;
            }
        }
        throw new AssertionError("site " + site + " not in the summary\n" + r);
    }

    private void assertNoReport(Result r, String scenario) {
        assertEquals(List.of(), r.events().leaksAt("/it/" + pathOf(scenario)), "no report for " + scenario);
        assertFalse(r.stdout().contains("SKIP " + scenario), "the case ran\n" + r.stdout());
        if (scenario.startsWith("redirect")) {
            assertEquals(List.of(), r.events().leaksAt("/it/" + scenario), "the 3xx's own body is the library's");
        }
    }

    private void assertSummary(Result r) {
        JsonNode s = r.events().summary();
        int leaks = leakScenarios().size();
        // one body each, but for the cases without one, the 3xx bodies of redirects, the cache's first fill
        int requests = 0;
        for (String c : leakScenarios()) {
            requests += bodiesOf(c);
        }
        for (String c : cleanScenarios()) {
            requests += untracked().contains(c) ? 0 : bodiesOf(c);
        }
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
        // a site is logged in full three times, then counted
        long blocks = r.stderr().lines().filter(l -> l.startsWith("LEAK: " + client() + " GET ")).count();
        Map<String, Long> perSite = r.events().of("leak").stream()
                .collect(Collectors.groupingBy(e -> e.path("site").asText(), Collectors.counting()));
        assertEquals(perSite.values().stream().mapToLong(n -> Math.min(3, n)).sum(), blocks, r.stderr());
        assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
        assertFalse(r.stderr().contains("could not instrument"), r.stderr());
        assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
        assertFalse(r.stderr().contains("secret"), "query strings are redacted\n" + r.stderr());
    }

    /** The bodies a case makes: the final one, and the 3xx's or the network one that filled the cache. */
    private int bodiesOf(String scenario) {
        return 1 + (scenario.startsWith("redirect") ? bodiesPerRedirect() : 0) + (scenario.startsWith("cached") ? 1 : 0);
    }

    /** The path each scenario requests (see Scenarios). */
    private static String pathOf(String scenario) {
        switch (scenario) {
            case "partial":
                return "big-partial";
            case "try-with-resources":
                return "big-try-with-resources";
            case "other-thread-partial":
            case "other-thread-eof":
                return "big-" + scenario;
            case "redirect-drop":
            case "redirect-eof":
                return scenario.replace("redirect-", "redirected-"); // the final response's
            default:
                return scenario;
        }
    }
}
