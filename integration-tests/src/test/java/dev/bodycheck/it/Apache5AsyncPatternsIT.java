package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.Apache5AsyncPatterns;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
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
 * Apache HttpAsyncClient responses that its I/O reactor keeps reachable with no object of the application's
 * to watch ({@link Apache5AsyncPatterns}): reported by {@code openWarn} as {@code open-too-long} at their
 * request line, and by name when a lease from the pool times out ({@code pool-exhausted}); their twins never.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Apache5AsyncPatternsIT {
    private Servers servers;
    private final Map<Jdk, Result> results = new LinkedHashMap<>();

    @BeforeAll
    void run() throws Exception {
        servers = new Servers();
        for (Jdk jdk : Jdk.all()) {
            results.put(jdk, Fork.on(jdk).libs("apache5").agentOptions("openWarn=1s")
                    .run(Apache5AsyncPatterns.class.getName(), servers.fixedBase()));
        }
    }

    @AfterAll
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> patterns() {
        return results.entrySet().stream().map(e -> {
            Result r = e.getValue();
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest("the program ran", () -> {
                assertEquals(0, r.exitCode(), r.toString());
                assertTrue(r.stdout().contains("DONE"), r.toString());
            }));
            for (String held : List.of("stops-reading", "classic-held")) {
                tests.add(dynamicTest(held + " is open-too-long at its request line", () -> {
                    List<JsonNode> warned = at(r.events().of("open-too-long"), "big-" + held);
                    assertEquals(1, warned.size(), r.toString());
                    JsonNode w = warned.get(0);
                    assertEquals("apache5-async", w.path("client").asText());
                    assertEquals(200, w.path("status").asInt());
                    assertTrue(w.path("openMillis").asLong() >= 1000, w.toString());
                    assertEquals(r.mark(held), w.path("stack").path(0).asText(), w.toString());
                    assertEquals("main", w.path("thread").asText());
                }));
            }
            for (String clean : List.of("simple", "big-basic", "other-route")) {
                tests.add(dynamicTest(clean + " is not reported", () -> {
                    assertEquals(List.of(), at(r.events().of("open-too-long"), clean), r.toString());
                    assertEquals(List.of(), r.events().leaksAt("/it/" + clean), r.toString());
                }));
            }
            tests.add(dynamicTest("a lease waiting past its timeout fails when the pool next changes, naming the held bodies", () -> {
                assertTrue(r.stdout().contains("LEASE FAILED DeadlineTimeoutException"), r.toString());
                List<JsonNode> events = r.events().of("pool-exhausted");
                assertEquals(1, events.size(), r.toString());
                JsonNode p = events.get(0);
                assertEquals("apache5-async", p.path("client").asText());
                assertTrue(p.path("detail").asText().startsWith("connection lease timed out for "), p.toString());
                // the client's open bodies: the two held since the start, and the pool's holder
                assertEquals(3, p.path("open").asInt(), p.toString());
                List<String> lines = new ArrayList<>();
                for (JsonNode site : p.path("sites")) {
                    lines.add(site.path("stack").path(0).asText());
                }
                assertTrue(lines.contains(r.mark("pool-holder")), p.toString());
                assertTrue(lines.contains(r.mark("stops-reading")), p.toString());
            }));
            tests.add(dynamicTest("nothing leaked, the held bodies are still open at exit", () -> {
                JsonNode s = r.events().summary();
                assertEquals(0, s.path("leaked").asInt(), r.toString());
                assertEquals(3, s.path("open").asInt(), r.toString());
                assertEquals(0, s.path("internalErrors").asInt(), r.toString());
                assertFalse(r.stderr().contains("skipped: a version"), r.stderr());
            }));
            return dynamicContainer(e.getKey().name(), tests);
        });
    }

    private static List<JsonNode> at(List<JsonNode> events, String path) {
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode n : events) {
            if (n.path("url").asText().endsWith("/it/" + path)) {
                list.add(n);
            }
        }
        return list;
    }
}
