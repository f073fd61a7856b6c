package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Reactor Netty as a new user writes it ({@code ReactorNettyPatterns}, openWarn=1s), on 1.2 and 1.3: the
 * receiver that only looks at the status leaks at the next collection; a pool that refuses an acquire names
 * the response that holds its connection; a kept response and a stalled subscription are {@code open-too-long}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactorNettyIT {
    private static final String MAIN = "dev.bodycheck.it.app.ReactorNettyPatterns";
    private Servers servers;

    @BeforeAll
    void start() {
        servers = new Servers();
    }

    @AfterAll
    void stop() {
        servers.close();
    }

    @TestFactory
    Stream<DynamicNode> patterns() {
        List<DynamicNode> all = new ArrayList<>();
        for (String libs : List.of("reactor-netty12", "reactor-netty13")) {
            for (Jdk jdk : Jdk.all()) {
                Result r;
                try {
                    r = Fork.on(jdk).libs(libs).agentOptions("openWarn=1s").run(MAIN, servers.fixedBase(), "2500");
                } catch (Exception e) {
                    throw new AssertionError(libs + " on " + jdk, e);
                }
                all.add(dynamicContainer(libs + " " + jdk.name(), tests(r)));
            }
        }
        return all.stream();
    }

    private List<DynamicNode> tests(Result r) {
        String base = servers.fixedBase();
        return List.of(
                dynamicTest("the status-only receiver leaks each response, at the request line", () -> {
                    List<JsonNode> leaks = r.events().leaksAt("/it/dropped");
                    assertEquals(3, leaks.size(), r.toString());
                    for (JsonNode leak : leaks) {
                        assertEquals("reactor-netty", leak.path("client").asText());
                        assertEquals(200, leak.path("status").asInt());
                        assertEquals(0, leak.path("bytesRead").asLong());
                        assertTrue(leak.path("pinned").isNull(), "unmeasured: " + leak);
                        assertEquals("main", leak.path("thread").asText());
                        assertEquals(r.mark("dropped"), leak.path("stack").path(0).asText(), leak.toString());
                    }
                    assertEquals(3, r.events().of("leak").size(), "no other leak\n" + r);
                }),
                dynamicTest("the refused acquire names the kept response", () -> {
                    assertTrue(r.stdout().contains("REFUSED "), r.toString());
                    List<JsonNode> events = r.events().of("pool-exhausted");
                    assertEquals(1, events.size(), r.toString());
                    JsonNode e = events.get(0);
                    assertEquals("reactor-netty", e.path("client").asText());
                    assertTrue(e.path("detail").asText().contains("pool has reached allocation limit"), e.toString());
                    assertEquals(1, e.path("open").asInt(), e.toString());
                    assertEquals(base + "/it/big-kept", e.path("sites").path(0).path("url").asText(), e.toString());
                    assertEquals(r.mark("kept"), e.path("sites").path(0).path("stack").path(0).asText(), e.toString());
                }),
                dynamicTest("the kept response and the stalled subscription are open-too-long, once each", () -> {
                    List<JsonNode> warned = r.events().of("open-too-long");
                    assertEquals(2, warned.size(), r.toString());
                    for (JsonNode w : warned) {
                        boolean stalled = w.path("url").asText().endsWith("/it/big-stalled");
                        assertTrue(stalled || w.path("url").asText().equals(base + "/it/big-kept"), w.toString());
                        assertTrue(w.path("openMillis").asLong() >= 1000, w.toString());
                        assertEquals(r.mark(stalled ? "stalled" : "kept"), w.path("stack").path(0).asText(), w.toString());
                        if (stalled) {
                            long read = w.path("bytesRead").asLong();
                            assertTrue(read >= 10 && read < Servers.BIG, "what the application was given: " + read);
                        }
                    }
                }),
                dynamicTest("summary adds up, no agent trouble", () -> {
                    JsonNode s = r.events().summary().path("clients").path("reactor-netty");
                    assertEquals(5, s.path("opened").asInt(), r.toString());
                    assertEquals(3, s.path("leaked").asInt(), r.toString());
                    assertEquals(2, s.path("open").asInt(), "the kept two\n" + r);
                    assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                    assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
                    assertTrue(r.stdout().contains("DONE"), r.toString());
                    System.out.println("REACTOR " + r.jdk().name() + " leak reported after openMillis="
                            + r.events().leaksAt("/it/dropped").get(2).path("openMillis").asLong());
                }));
    }
}
