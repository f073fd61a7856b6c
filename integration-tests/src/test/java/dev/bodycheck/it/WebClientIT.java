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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Spring's {@code WebClient} on the Reactor Netty, Apache HttpAsyncClient 5, Jetty and JDK connectors, in one forked JVM
 * per JDK ({@code WebClientConnectorsApp}): on each connector, the entity whose {@code Flux} body is never
 * subscribed and then dropped is one leak, found at the collection the program forces after it (no
 * {@code openWarn}), reported under the connector's client with {@code stack[0]} the program's request line; its
 * twins (the body read, read after a collection, cancelled, released, skipped with {@code bodyToMono(Void.class)},
 * left to {@code exchangeToMono}, read as a {@code Flux}, a server-sent-events stream held by its live subscriber
 * only) are not reported and end; so do an {@code @HttpExchange} interface's dropped and read entities.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientIT {
    private static final Map<String, String> CLIENTS = Map.of("reactor", "reactor-netty", "hc5", "apache5-async",
            "jetty", "jetty", "jdk", "jdk");
    private static final List<String> CONNECTORS = List.of("reactor", "hc5", "jetty", "jdk");
    private static final List<String> CLEAN = List.of("entity-flux-read", "entity-flux-read-later",
            "entity-flux-cancelled", "release-body", "body-void", "exchange-ignores-body", "retrieve-flux");

    private Servers servers;

    @BeforeAll
    void startServers() {
        servers = new Servers();
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> connectors() {
        return Jdk.all().stream().map(jdk -> {
            List<String> args = new ArrayList<>(List.of(servers.fixedBase()));
            args.addAll(CONNECTORS);
            Result r;
            try {
                r = Fork.on(jdk).libs("spring").libs("reactor-netty12").libs("jetty").libs("jetty-reactive")
                        .libs("apache5").libs("apache5-reactive")
                        .run("dev.bodycheck.it.frameworks.WebClientConnectorsApp", args.toArray(new String[0]));
            } catch (Exception e) {
                throw new AssertionError("WebClientConnectorsApp on " + jdk, e);
            }
            List<DynamicNode> tests = new ArrayList<>();
            for (String connector : CONNECTORS) {
                String leak = connector + "-entity-flux-unsubscribed";
                tests.add(dynamicTest(leak + " is one leak at the program's line",
                        () -> assertLeak(r, leak, CLIENTS.get(connector))));
                for (String clean : CLEAN) {
                    String c = connector + "-" + clean;
                    tests.add(dynamicTest(c + " is not reported", () -> r.assertNoLeak(c, "/it/big-" + c)));
                }
                String sse = connector + "-sse-live";
                tests.add(dynamicTest(sse + " is not reported", () -> {
                    r.assertNoLeak(sse, "/events");
                    assertTrue(r.stdout().contains(sse + " ended"), r.toString());
                }));
            }
            tests.add(dynamicTest("@HttpExchange: the dropped entity is one leak, the read one is not reported", () -> {
                assertLeak(r, "reactor-api-entity-flux-unsubscribed", "reactor-netty");
                r.assertNoLeak("reactor-api-entity-flux-read", "/it/big-reactor-api-entity-flux-read");
            }));
            tests.add(dynamicTest("summary: every body ended, one leak per connector (two on Reactor Netty)", () -> {
                JsonNode clients = r.events().summary().path("clients");
                assertCounts(r, clients.path("reactor-netty"), 11, 2);
                assertCounts(r, clients.path("apache5-async"), 9, 1);
                assertCounts(r, clients.path("jetty"), 9, 1);
                assertCounts(r, clients.path("jdk"), 9, 1);
                assertEquals(5, r.events().of("leak").size(), r.toString());
                assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
                assertTrue(r.stdout().contains("DONE"), r.toString());
            }));
            return dynamicContainer(jdk.name(), tests);
        });
    }

    private void assertLeak(Result r, String c, String client) {
        JsonNode leak = r.oneLeakAtMark(servers.fixedBase(), c, client);
        assertEquals(200, leak.path("status").asInt(), leak.toString());
        assertTrue(leak.path("via").path(0).asText().startsWith("reactor.core.publisher.Mono.block("), leak.toString());
    }

    /** Exact: every body opened, the leaks found, none still open at exit; the rest consumed or closed. */
    private static void assertCounts(Result r, JsonNode s, int opened, int leaked) {
        assertEquals(opened, s.path("opened").asInt(), s + "\n" + r);
        assertEquals(leaked, s.path("leaked").asInt(), s + "\n" + r);
        assertEquals(0, s.path("open").asInt(), s + "\n" + r);
        assertEquals(opened - leaked, s.path("consumed").asInt() + s.path("closed").asInt(), s + "\n" + r);
    }
}
