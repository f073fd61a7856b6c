package dev.bodycheck.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import dev.bodycheck.it.app.Apache4Patterns;
import dev.bodycheck.it.app.Apache5Patterns;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.ResettingServer;
import dev.bodycheck.it.harness.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The Apache-only correct patterns (EntityUtils.consume/toByteArray, writeTo, response handlers, release
 * and abort of the request, a read that fails when the server resets the connection, empty bodies, 204,
 * HEAD, gzip or the minimal client read by a helper), for 4.5, 5.1 and 5.6 on every JDK: none may be reported, and the agent must
 * have no trouble; and gzipped bodies (the client's default: the entity is wrapped) dropped or partly read,
 * and a dropped response of the minimal client, are leaks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApachePatternsIT {
    /**
     * libs folder, program, patterns, and the patterns that truly leak on that version: from httpcore5 5.3
     * on (httpclient5 5.6 ships 5.4), a Content-Length: 0 body still holds its pooled connection until it
     * is read or closed (three dropped ones and a 2-connection pool times out), so a dropped one is reported.
     */
    private static final Object[][] VERSIONS = {
        {"apache4", Apache4Patterns.class.getName(), Apache4Patterns.ALL, List.of(Apache4Patterns.LEAKS)},
        {"apache51", Apache5Patterns.class.getName(), Apache5Patterns.ALL, List.of(Apache5Patterns.LEAKS)},
        {"apache5", Apache5Patterns.class.getName(), Apache5Patterns.ALL, plus(Apache5Patterns.LEAKS, "empty")},
    };

    private static List<String> plus(String[] list, String more) {
        List<String> all = new ArrayList<>(List.of(list));
        all.add(more);
        return all;
    }

    private String base;
    private WireMockServer server;
    private ResettingServer resetting;
    private final List<Object[]> runs = new ArrayList<>(); // libs, patterns, result, leaking patterns

    @BeforeAll
    void runPatterns() throws Exception {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER).disableRequestJournal());
        server.start();
        server.stubFor(any(urlPathMatching("/p/.*")).atPriority(9)
                .willReturn(aResponse().withStatus(200).withBody("p".repeat(4096))));
        server.stubFor(any(urlPathEqualTo("/p/empty")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("")));
        server.stubFor(any(urlPathEqualTo("/p/no-content")).atPriority(1).willReturn(aResponse().withStatus(204)));
        resetting = new ResettingServer();
        base = "http://127.0.0.1:" + server.port();
        for (Object[] v : VERSIONS) {
            String[] patterns = (String[]) v[2];
            List<String> args = new ArrayList<>(List.of(base, resetting.base()));
            args.addAll(List.of(patterns));
            for (Jdk jdk : Jdk.all()) {
                Result r = Fork.on(jdk).libs((String) v[0]).run((String) v[1], args.toArray(new String[0]));
                runs.add(new Object[] {v[0], patterns, r, v[3]});
            }
        }
    }

    @AfterAll
    void stopServers() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (resetting != null) {
            resetting.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> patterns() {
        return runs.stream().map(run -> {
            String libs = (String) run[0];
            Result r = (Result) run[2];
            @SuppressWarnings("unchecked")
            List<String> leaking = (List<String>) run[3];
            List<DynamicNode> tests = new ArrayList<>();
            for (String p : (String[]) run[1]) {
                boolean leaks = leaking.contains(p);
                tests.add(dynamicTest(p + (leaks ? " is reported as a leak" : " is not reported"), () -> {
                    assertTrue(r.stdout().contains("OK " + p + "\n"), "the pattern ran\n" + r);
                    List<JsonNode> reports = r.events().leaksAt("/p/" + p);
                    assertEquals(leaks ? 1 : 0, reports.size(), p + "\n" + r);
                    if (leaks) {
                        String first = reports.get(0).path("stack").path(0).asText();
                        assertTrue(first.matches("dev\\.bodycheck\\.it\\.app\\.Apache[45]Patterns\\.run\\(.*"),
                                reports.toString());
                        if (p.endsWith("-drop")) {
                            assertEquals(r.mark(p), first);
                        }
                        assertEquals("GET", reports.get(0).path("method").asText());
                        assertEquals(base + "/p/" + p, reports.get(0).path("url").asText());
                    }
                }));
            }
            tests.add(dynamicTest("no other leak, nothing left open, no agent trouble", () -> {
                JsonNode s = r.events().summary();
                assertEquals(leaking.size(), s.path("leaked").asInt(), "leaked\n" + r);
                assertEquals(0, s.path("open").asInt(), "open at exit\n" + r);
                assertTrue(s.path("opened").asInt() > 0, "bodies were tracked\n" + r);
                assertEquals(leaking.size(), r.events().of("leak").size(), r.toString());
                assertEquals(leaking.size(), r.stderr().lines().filter(l -> l.startsWith("LEAK: ")).count(),
                        r.stderr());
                assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                assertFalse(r.stderr().contains("could not instrument"), r.stderr());
                assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
            }));
            return dynamicContainer(libs + " on " + r.jdk().name(), tests);
        });
    }
}
