package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Servers;
import dev.bodycheck.it.harness.VersionRuns;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Vert.x 4.5 (on Netty 4.1) and 5 (on Netty 4.2) core {@code HttpClient}, one forked JVM per version and JDK
 * ({@code VertxApp}): a response paused as it arrives and dropped unread is one leak at the program's request line;
 * read with {@code body()}, read with a handler to its end, paused then reset, and a redirect the library followed
 * read with {@code body()}, it is not reported. With {@code reclaim=true} ({@code VertxReclaim}, a pool of one
 * connection): the dropped response's request is reset and the next request goes through; with it switched off the
 * connection stays held and a next request that may not wait is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxIT {
    /** Per version, its library's folder and the Reactor Netty folder whose Netty (4.1, 4.2) serves it. */
    private static final String[][] VERSIONS_LIBS = {{"vertx45", "reactor-netty12"}, {"vertx5", "reactor-netty13"}};
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
    Stream<DynamicNode> versions() {
        return VersionRuns.of(VERSIONS_LIBS).run("dev.bodycheck.it.app.VertxApp", "", r -> List.of(
                dynamicTest("paused and dropped: one leak at the program's line", () -> {
                    JsonNode leak = r.oneLeakAtMark(servers.fixedBase(), "vertx-paused-dropped", "vertx");
                    assertEquals(200, leak.path("status").asInt());
                    assertEquals("main", leak.path("thread").asText(), "the thread that made the request");
                }),
                dynamicTest("body(), a handler to the end, paused then reset, a followed redirect: not reported", () -> {
                    for (String c : List.of("vertx-body", "vertx-handler", "vertx-paused-reset")) {
                        r.assertNoLeak(c, "/it/big-" + c);
                    }
                    assertTrue(r.stdout().contains("vertx-redirect-body 4096"), r.toString());
                    assertTrue(r.stdout().contains("vertx-body 262144"), r.toString());
                    assertTrue(r.stdout().contains("vertx-handler 262144"), r.toString());
                }),
                dynamicTest("summary: opened 5, consumed 3, closed 1, leaked 1, none open", () -> {
                    r.assertCounts("vertx", 5, 3, 1, 1);
                    assertFalse(r.stderr().contains("ClassCastException"), r.stderr());
                })), servers.fixedBase());
    }

    @TestFactory
    Stream<DynamicNode> reclaim() {
        return VersionRuns.of(VERSIONS_LIBS).agentOptions("reclaim=true").run("dev.bodycheck.it.app.VertxReclaim",
                " reclaim", r -> VersionRuns.reclaimChecks(r, servers.fixedBase(), "vertx-reclaim", "vertx",
                        "ConnectionPoolTooBusyException", 3, 1), servers.fixedBase());
    }
}
