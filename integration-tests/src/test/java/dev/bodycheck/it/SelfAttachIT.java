package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.HoldsRecord;
import dev.bodycheck.it.app.LoadedBeforeAttach;
import dev.bodycheck.it.app.TransportFirst;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No -javaagent: the agent jar on the class path, attached by the test API at run time. */
class SelfAttachIT {
    @Test
    void theAnnotationAloneIsEnough() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                JUnitRun run = JUnitRun.of(Fork.on(jdk).withoutAgent().classpathEntry(Fork.agentJar().toString())
                        .jvmArg("-XX:+EnableDynamicAgentLoading"), "junit5", servers.fixedBase(), "LeakingCases");
                String out = run.result.stdout();
                assertEquals(1, run.count("failed"), run.result.toString());
                assertEquals(2, run.count("successful"), run.result.toString());
                assertTrue(out.contains("UnclosedBodyError: 1 response body leaked in leaks()"), out);
                assertTrue(out.contains("at dev.bodycheck.it.junitapp.LeakingCases.leaks(LeakingCases.java:"), out);
            }
        }
    }

    /** The first release loaded a second runtime from the jar's root here, and then tracked nothing. */
    @Test
    void usingTheTransportAndTheTestApiBeforeAttachingLosesNoLeak() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                Result r = Fork.on(jdk).withoutAgent().libs("okhttp4").classpathEntry(Fork.agentJar().toString())
                        .jvmArg("-XX:+EnableDynamicAgentLoading")
                        .run(TransportFirst.class.getName(), servers.fixedBase());
                String out = r.stdout();
                assertTrue(out.contains("BEFORE "), r.toString());
                assertTrue(out.contains("STARTED null\n"), "nothing of the runtime ran before the attach\n" + r);
                assertTrue(out.contains("CAUGHT dev.bodycheck.UnclosedBodyError from the bootstrap loader: "
                        + "2 response bodies leaked:"), r.toString());
                assertTrue(out.contains("STATS opened=2 consumed=0 closed=0 leaked=2 reclaimed=1 open=0"),
                        "the body read before the attach is not counted\n" + r);
                List<JsonNode> leaks = r.events().of("leak");
                assertEquals(2, leaks.size(), r.toString());
                JsonNode okhttp = r.events().leaksAt("/it/okhttp-after").get(0);
                assertEquals("okhttp", okhttp.path("client").asText());
                assertEquals(r.mark("okhttp"), okhttp.path("stack").path(0).asText());
                JsonNode reference = r.events().leaksAt("/it/reference-after").get(0);
                assertEquals("reference", reference.path("client").asText());
                assertEquals(r.mark("reference"), reference.path("stack").path(0).asText());
                assertTrue(!r.stderr().contains("already attached"), r.stderr());
            }
        }
    }

    /**
     * A body class woven at its load holds its record in a field; one loaded before the agent came keeps the
     * identity table (a retransformation can add no field). Both track the same: the dropped body is one leak at
     * its line, the one closed before its end none.
     */
    @Test
    void aBodyClassLoadedBeforeTheAttachKeepsTheTableAndOneWovenAtItsLoadHoldsItsRecord() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                Result attached = Fork.on(jdk).withoutAgent().libs("okhttp4").classpathEntry(Fork.agentJar().toString())
                        .jvmArg("-XX:+EnableDynamicAgentLoading")
                        .run(LoadedBeforeAttach.class.getName(), servers.fixedBase(), "attach");
                assertTrue(attached.stdout().contains("BEFORE "), attached.toString());
                assertTrue(attached.stdout().contains("HOLDS RECORD false\n"), attached.toString());
                assertTracksTheSame(attached);
                Result woven = Fork.on(jdk).libs("okhttp4")
                        .run(LoadedBeforeAttach.class.getName(), servers.fixedBase(), "agent");
                assertTrue(woven.stdout().contains("HOLDS RECORD true\n"), woven.toString());
                assertTracksTheSame(woven);
            }
        }
    }

    /**
     * With {@code -javaagent}, every body class and alias that the agent weaves to hold its record in a field does
     * so, on each library version the tests pin (the record field is a cost, not an outcome: without it the identity
     * table gives the same reports, so only this shows it is there).
     */
    @Test
    void everyClassThatHoldsItsRecordIsWovenWithItsFieldAtItsLoad() throws Exception {
        String okhttp = "okhttp3.internal.connection.Exchange$ResponseBodySource";
        String apache4 = "org.apache.http.impl.execchain.ResponseEntityProxy org.apache.http.impl.execchain.ConnectionHolder";
        String apache5 = "org.apache.hc.client5.http.impl.classic.ResponseEntityProxy "
                + "org.apache.hc.client5.http.impl.classic.InternalExecRuntime";
        String[][] sets = {{"okhttp3", okhttp}, {"okhttp4", okhttp}, {"okhttp5", okhttp}, {"apache43", apache4},
                {"apache4", apache4}, {"apache51", apache5}, {"apache5", apache5}};
        for (Jdk jdk : Jdk.all()) {
            for (String[] set : sets) {
                String[] classes = set[1].split(" ");
                Result r = Fork.on(jdk).libs(set[0]).run(HoldsRecord.class.getName(), classes);
                StringBuilder expected = new StringBuilder();
                for (String c : classes) {
                    expected.append(c).append(" true\n");
                }
                assertEquals(expected.toString(), r.stdout(), set[0] + " on " + jdk + "\n" + r);
            }
        }
    }

    private static void assertTracksTheSame(Result r) throws Exception {
        assertTrue(r.stdout().contains("READ ONE true\n"), r.toString());
        assertTrue(r.stdout().contains("CAUGHT 1 response body leaked:"), r.toString());
        assertTrue(r.stdout().contains("STATS opened=2 consumed=0 closed=1 leaked=1 open=0"), r.toString());
        List<JsonNode> leaks = r.events().of("leak");
        assertEquals(1, leaks.size(), r.toString());
        assertEquals(r.mark("dropped"), r.events().leaksAt("/it/dropped").get(0).path("stack").path(0).asText());
    }
}
