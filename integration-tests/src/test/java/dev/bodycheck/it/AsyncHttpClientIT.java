package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * AsyncHttpClient 2.12 (on Netty 4.1) and 3.0 (on Netty 4.2), one forked JVM per version and JDK
 * ({@code AsyncHttpClientApp}): a deferred body whose stream is made and dropped unread is one leak at the line
 * that made the stream; read to its end, or closed unread, it is not reported. With {@code reclaim=true}
 * ({@code AsyncHttpClientReclaim}, one connection, a pipe smaller than the body): the dropped stream's pipe is
 * closed, the library aborts the exchange, and the next request goes through; with it switched off the connection
 * stays held and a next request that may not wait is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncHttpClientIT {
    /** Per version, its library's folder and the Reactor Netty folder whose Netty (4.1, 4.2) serves it. */
    private static final String[][] VERSIONS_LIBS = {{"ahc212", "reactor-netty12"}, {"ahc30", "reactor-netty13"}};
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
        return VersionRuns.of(VERSIONS_LIBS).run("dev.bodycheck.it.app.AsyncHttpClientApp", "", r -> List.of(
                dynamicTest("deferred and dropped: one leak at the program's line", () -> {
                    JsonNode leak = r.oneLeakAtMark(servers.fixedBase(), "ahc-deferred-dropped",
                            "async-http-client");
                    assertEquals("main", leak.path("thread").asText());
                }),
                dynamicTest("read to its end, closed unread: not reported", () -> {
                    for (String c : List.of("ahc-deferred-read", "ahc-deferred-closed")) {
                        r.assertNoLeak(c, "/it/big-" + c);
                    }
                    assertTrue(r.stdout().contains("ahc-deferred-read 262144"), r.toString());
                }),
                dynamicTest("summary: opened 3, consumed 1, closed 1, leaked 1, none open", () -> {
                    r.assertCounts("async-http-client", 3, 1, 1, 1);
                })), servers.fixedBase());
    }

    @TestFactory
    Stream<DynamicNode> reclaim() {
        return VersionRuns.of(VERSIONS_LIBS).agentOptions("reclaim=true").run("dev.bodycheck.it.app.AsyncHttpClientReclaim",
                " reclaim", r -> VersionRuns.reclaimChecks(r, servers.fixedBase(), "ahc-reclaim", "async-http-client",
                        "Too many connections: 1", 2, 0), servers.fixedBase());
    }
}
