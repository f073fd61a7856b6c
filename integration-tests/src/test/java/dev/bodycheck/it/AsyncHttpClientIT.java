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
 * AsyncHttpClient 2.12 (on Netty 4.1) and 3.0 (on Netty 4.2), one forked JVM per version and JDK
 * ({@code AsyncHttpClientApp}): a deferred body whose stream is made and dropped unread is one leak at the line
 * that made the stream; read to its end, or closed unread, it is not reported. With {@code reclaim=true}
 * ({@code AsyncHttpClientReclaim}, one connection, a pipe smaller than the body): the dropped stream's pipe is
 * closed, the library aborts the exchange, and the next request goes through; with it switched off the connection
 * stays held and a next request that may not wait is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncHttpClientIT {
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
        List<DynamicNode> all = new ArrayList<>();
        for (String[] version : new String[][] {{"ahc212", "reactor-netty12"}, {"ahc30", "reactor-netty13"}}) {
            for (Jdk jdk : Jdk.all()) {
                Result r;
                try {
                    // the Netty of the Reactor Netty directory of the same line (4.1, 4.2) serves AsyncHttpClient too
                    r = Fork.on(jdk).libs(version[0]).libs(version[1]).run("dev.bodycheck.it.app.AsyncHttpClientApp",
                            servers.fixedBase());
                } catch (Exception e) {
                    throw new AssertionError("AsyncHttpClientApp on " + version[0] + ", " + jdk, e);
                }
                all.add(dynamicContainer(version[0] + " " + jdk.name(), List.of(
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
                            JsonNode s = r.events().summary().path("clients").path("async-http-client");
                            assertEquals(3, s.path("opened").asInt(), r.toString());
                            assertEquals(1, s.path("consumed").asInt(), r.toString());
                            assertEquals(1, s.path("closed").asInt(), r.toString());
                            assertEquals(1, s.path("leaked").asInt(), r.toString());
                            assertEquals(0, s.path("open").asInt(), r.toString());
                            assertEquals(1, r.events().of("leak").size(), r.toString());
                            assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                            assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
                            assertTrue(r.stdout().contains("DONE"), r.toString());
                        }))));
            }
        }
        return all.stream();
    }

    @TestFactory
    Stream<DynamicNode> reclaim() {
        List<DynamicNode> all = new ArrayList<>();
        for (String[] version : new String[][] {{"ahc212", "reactor-netty12"}, {"ahc30", "reactor-netty13"}}) {
            for (Jdk jdk : Jdk.all()) {
                Result r;
                try {
                    r = Fork.on(jdk).agentOptions("reclaim=true").libs(version[0]).libs(version[1])
                            .run("dev.bodycheck.it.app.AsyncHttpClientReclaim", servers.fixedBase());
                } catch (Exception e) {
                    throw new AssertionError("AsyncHttpClientReclaim on " + version[0] + ", " + jdk, e);
                }
                all.add(dynamicContainer(version[0] + " " + jdk.name() + " reclaim", List.of(
                        dynamicTest("reclaim on: the leak's connection is given back, the next request is read whole", () -> {
                            JsonNode leak = r.oneLeakAtMark(servers.fixedBase(), "ahc-reclaim-on", "async-http-client");
                            assertTrue(leak.path("reclaimed").asBoolean(), leak.toString());
                            assertTrue(r.stdout().contains("COLLECTED on 1\n"), r.toString());
                            assertTrue(r.stdout().contains("NEXT on 262144\n"), r.toString());
                        }),
                        dynamicTest("reclaim off: the connection stays held, the next request is refused", () -> {
                            JsonNode leak = r.oneLeakAtMark(servers.fixedBase(), "ahc-reclaim-off", "async-http-client");
                            assertFalse(leak.path("reclaimed").asBoolean(), leak.toString());
                            assertTrue(r.stdout().contains("COLLECTED off 1\n"), r.toString());
                            assertTrue(r.stdout().contains("NEXT off refused Too many connections: 1\n"), r.toString());
                        }),
                        dynamicTest("summary: opened 2, leaked 2, reclaimed 1, none open", () -> {
                            JsonNode s = r.events().summary().path("clients").path("async-http-client");
                            assertEquals(2, s.path("opened").asInt(), r.toString());
                            assertEquals(0, s.path("consumed").asInt() + s.path("closed").asInt(), r.toString());
                            assertEquals(2, s.path("leaked").asInt(), r.toString());
                            assertEquals(1, s.path("reclaimed").asInt(), r.toString());
                            assertEquals(0, s.path("open").asInt(), r.toString());
                            assertEquals(0, r.events().summary().path("internalErrors").asInt(), r.toString());
                            assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                            assertTrue(r.stdout().contains("DONE"), r.toString());
                        }))));
            }
        }
        return all.stream();
    }
}
