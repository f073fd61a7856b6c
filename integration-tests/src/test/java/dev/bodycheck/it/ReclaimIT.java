package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.ReclaimSockets;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.TruncatingServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code reclaim=true}: a leaked body's connection is given back. For every client, on both JDKs, one JVM
 * drops {@value #LEAKS} responses that the server truncated and closed: their sockets sit in CLOSE_WAIT
 * until the collection finds the leaks, and then they are closed and the descriptors are back to where
 * they were. Then, with {@code reclaim} switched off at run time, the same leaks keep their sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReclaimIT {
    static final int LEAKS = 3; // a site's first three leaks are reported in full

    /** name, libs folder (null: none needed), adapter, client id. */
    static final String[][] CLIENTS = {
        {"apache4", "apache4", "dev.bodycheck.it.app.Apache4Adapter", "apache4"},
        {"apache5", "apache5", "dev.bodycheck.it.app.Apache5Adapter", "apache5"},
        {"okhttp3", "okhttp3", "dev.bodycheck.it.app.OkHttpAdapter", "okhttp"},
        {"okhttp4", "okhttp4", "dev.bodycheck.it.app.OkHttpAdapter", "okhttp"},
        {"okhttp5", "okhttp5", "dev.bodycheck.it.app.OkHttpAdapter", "okhttp"},
        {"jdk", null, "dev.bodycheck.it.app.JdkHttpClientAdapter", "jdk"},
        {"urlconnection", null, "dev.bodycheck.it.app.UrlConnectionAdapter", "urlconnection"},
        {"reference", null, "dev.bodycheck.it.app.ReferenceAdapter", "reference"},
    };

    private TruncatingServer server;
    private final List<Object[]> runs = new ArrayList<>(); // client, result

    @BeforeAll
    void run() throws Exception {
        server = new TruncatingServer();
        for (String[] c : CLIENTS) {
            for (Jdk jdk : Jdk.all()) {
                Fork fork = Fork.on(jdk).agentOptions("reclaim=true").jvmArg("-Xms256m");
                if (c[1] != null) {
                    fork.libs(c[1]);
                }
                runs.add(new Object[] {c, fork.run(ReclaimSockets.class.getName(), c[2], server.base(),
                        Integer.toString(server.port()), Integer.toString(LEAKS))});
            }
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> sockets() {
        return runs.stream().map(run -> {
            String[] c = (String[]) run[0];
            Result r = (Result) run[1];
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest("the dropped responses hold their sockets in CLOSE_WAIT", () -> {
                assertEquals("open=" + LEAKS + " closeWait=" + LEAKS + " fds=" + LEAKS, line(r, "BEFORE on"),
                        r.toString());
            }));
            tests.add(dynamicTest("reclaim=true: each leak's socket is closed, the descriptors are back", () -> {
                assertEquals("open=0 closeWait=0 fds=0", line(r, "AFTER on"), r.toString());
                List<JsonNode> leaks = r.events().leaksAt("/truncated-on");
                assertEquals(LEAKS, leaks.size(), r.toString());
                for (JsonNode l : leaks) {
                    assertEquals(c[3], l.path("client").asText(), l.toString());
                    if (c[3].equals("jdk")) { // the client may have had a small body whole: unmeasured
                        assertTrue(l.path("pinned").isNull(), l.toString());
                    } else {
                        assertTrue(l.path("pinned").asBoolean(), l.toString());
                    }
                    assertTrue(l.path("reclaimed").asBoolean(), l.toString());
                    assertEquals(r.mark("request"), l.path("stack").path(0).asText(), l.toString());
                    assertEquals(r.mark("leak-on"), l.path("stack").path(1).asText(), l.toString());
                }
                assertTrue(r.stderr().contains(" pinned=" + (c[3].equals("jdk") ? "unknown" : "true")
                        + " reclaimed=true - "), r.stderr());
            }));
            boolean always = c[3].equals("reference");
            tests.add(dynamicTest(always ? "reclaim switched off: the reference transport still closes them itself"
                    : "reclaim switched off: nothing is given back", () -> {
                List<JsonNode> leaks = r.events().leaksAt("/truncated-off");
                assertEquals(LEAKS, leaks.size(), r.toString());
                for (JsonNode l : leaks) {
                    assertEquals(always, l.path("reclaimed").asBoolean(), l.toString());
                }
                if (c[3].equals("urlconnection")) {
                    return; // n.a.: the JDK's socket cleaner closes an unreachable socket after a collection, at its own time
                }
                assertEquals(always ? "open=0 closeWait=0 fds=0" : "open=" + LEAKS + " closeWait=" + LEAKS + " fds=" + LEAKS,
                        line(r, "AFTER off"), r.toString());
            }));
            tests.add(dynamicTest("the summary and JMX count what was given back", () -> {
                JsonNode s = r.events().summary();
                assertEquals(2 * LEAKS, s.path("leaked").asInt(), s.toString());
                assertEquals(always ? 2 * LEAKS : LEAKS, s.path("reclaimed").asInt(), s.toString());
                assertEquals(always ? 2 * LEAKS : LEAKS, s.path("clients").path(c[3]).path("reclaimed").asInt(),
                        s.toString());
                assertEquals(Integer.toString(always ? 2 * LEAKS : LEAKS), line(r, "JMX Reclaimed"), r.toString());
                assertEquals(0, s.path("internalErrors").asInt(), s.toString());
                assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
            }));
            return dynamicContainer(c[0] + " on " + r.jdk().name(), tests);
        });
    }

    private static String line(Result r, String prefix) {
        return r.stdout().lines().filter(l -> l.startsWith(prefix + " ")).map(l -> l.substring(prefix.length() + 1))
                .findFirst().orElse("(no " + prefix + " line)");
    }
}
