package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.ReclaimLoad;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code reclaim=true} under load: {@value #THREADS} threads × {@value #PER_THREAD} requests on one client
 * per library, mixing leaks (dropped unread, or peeked at and dropped), closes and whole reads, with a small
 * heap so that the collector finds leaks all along, while the other threads' exchanges run on the same pool.
 * The counts are exact, no exchange fails, every body read whole is the server's, and no socket is left in
 * CLOSE_WAIT. Which leaks give a connection back is the library's: a body the library had read to its end
 * ahead of the application (OkHttp, which fills its 8 KiB buffer on the first read of a 4 KiB body; Apache
 * HttpAsyncClient's reactor under the classic API, which reads it whole unasked) already released its
 * connection, which serves other exchanges by then: reclaim leaves it alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReclaimLoadIT {
    static final int THREADS = 8;
    static final int PER_THREAD = 2000;
    static final int REQUESTS = THREADS * PER_THREAD;
    static final int DROPPED = REQUESTS / 10;
    static final int PEEKED = REQUESTS / 10;

    /**
     * name, libs folder (null: none needed), adapter, client id, whether a peeked-at body still pins its
     * connection ("read whole ahead": no dropped 4 KiB body does, the classic API over Apache HttpAsyncClient).
     */
    static final String[][] CLIENTS = {
        {"apache4", "apache4", "apache4", "apache4", "pinned"},
        {"apache5", "apache5", "apache5", "apache5", "pinned"},
        {"okhttp4", "okhttp4", "dev.bodycheck.it.app.OkHttpAdapter", "okhttp", "read ahead"},
        {"jdk", null, "dev.bodycheck.it.app.JdkHttpClientAdapter", "jdk", "pinned"},
        {"urlconnection", null, "dev.bodycheck.it.app.UrlConnectionAdapter", "urlconnection", "pinned"},
        {"reference", null, "dev.bodycheck.it.app.ReferenceAdapter", "reference", "pinned"},
        {"apache5-async", "apache5", "dev.bodycheck.it.app.Apache5AsyncAdapter", "apache5-async", "read whole ahead"},
    };

    private Servers servers;
    private final List<Object[]> runs = new ArrayList<>();

    @BeforeAll
    void run() throws Exception {
        servers = new Servers();
        String port = Integer.toString(URI.create(servers.fixedBase()).getPort());
        for (String[] c : CLIENTS) {
            for (Jdk jdk : Jdk.all()) {
                Fork fork = Fork.on(jdk).agentOptions("reclaim=true,log=none").jvmArg("-Xmx64m").jvmArg("-Xmn2m");
                if (c[1] != null) {
                    fork.libs(c[1]);
                }
                Result r = fork.run(ReclaimLoad.class.getName(), servers.fixedBase(), port, Integer.toString(THREADS),
                        Integer.toString(PER_THREAD), c[2]);
                // the figures, for the record: how long the load took, the sockets before and after it
                System.out.println("reclaim load, " + c[0] + " on " + jdk.name() + ": " + line(r, "TOOK") + "; "
                        + line(r, "SOCKETS"));
                runs.add(new Object[] {c, r});
            }
        }
    }

    @AfterAll
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> load() {
        return runs.stream().map(run -> {
            String[] c = (String[]) run[0];
            Result r = (Result) run[1];
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest("no exchange failed, every body read whole is the server's", () -> assertEquals(
                    "EXPECT leaked=" + (DROPPED + PEEKED) + " closed=" + REQUESTS / 5 + " consumed="
                            + (REQUESTS - DROPPED - PEEKED - REQUESTS / 5) + " failures=0 wrongBodies=0",
                    line(r, "EXPECT"), r.toString())));
            tests.add(dynamicTest("exact counts", () -> {
                JsonNode s = r.events().summary().path("clients").path(c[3]);
                assertEquals(REQUESTS, s.path("opened").asInt(), s.toString());
                assertEquals(DROPPED + PEEKED, s.path("leaked").asInt(), s.toString());
                assertEquals(REQUESTS / 5, s.path("closed").asInt(), s.toString());
                assertEquals(REQUESTS - DROPPED - PEEKED - REQUESTS / 5, s.path("consumed").asInt(), s.toString());
                assertEquals(0, s.path("open").asInt(), s.toString());
                int reclaimed = c[4].equals("pinned") ? DROPPED + PEEKED : c[4].equals("read ahead") ? DROPPED : 0;
                assertEquals(reclaimed, s.path("reclaimed").asInt(), s.toString());
                assertEquals(0, r.events().summary().path("internalErrors").asInt(), r.toString());
            }));
            tests.add(dynamicTest("no socket left in CLOSE_WAIT, no descriptor but the open connections'", () -> {
                String sockets = line(r, "SOCKETS");
                String end = sockets.substring(sockets.indexOf("end "));
                assertTrue(end.contains(" closeWait=0 "), sockets);
                int open = Integer.parseInt(end.replaceAll(".*open=(\\d+).*", "$1"));
                int fds = Integer.parseInt(end.replaceAll(".*fds=(\\d+).*", "$1"));
                assertEquals(open, fds, sockets);
                assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
            }));
            return dynamicContainer(c[0] + " on " + r.jdk().name(), tests);
        });
    }

    private static String line(Result r, String prefix) {
        return r.stdout().lines().filter(l -> l.startsWith(prefix + " ")).findFirst().orElse("(no " + prefix + " line)");
    }
}
