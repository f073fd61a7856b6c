package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Servers;
import dev.bodycheck.it.harness.SurefireRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A user's Maven project (samples/surefire-app: OkHttp 4, JUnit 5, Surefire) with the agent on Surefire's
 * argLine, run by {@code mvn -o test}. Each run costs about 30 s, so this covers the modes and GC settings in
 * four runs on the first JDK and two on the newest; the console launcher runs the full matrix (AttributionIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurefireIT {
    private static final String NO_GC = "-XX:+DisableExplicitGC -Xmx1g -Xmn512m";
    private static final List<String> PARALLEL = List.of("-Dsample.parallel=true",
            "-Djunit.jupiter.execution.parallel.enabled=true",
            "-Djunit.jupiter.execution.parallel.mode.default=concurrent",
            "-Djunit.jupiter.execution.parallel.config.strategy=fixed",
            "-Djunit.jupiter.execution.parallel.config.fixed.parallelism=8");
    private Servers servers;

    @BeforeAll
    void start() {
        servers = new Servers();
    }

    @AfterAll
    void stop() {
        servers.close();
    }

    @Test
    void failFastSequentiallyFailsEachLeakingTestWithItsOwnLine() throws Exception {
        sequential(Jdk.all().get(0), "HeartbeatTest", "failFast=true", "");
        sequential(Jdk.all().get(Jdk.all().size() - 1), "HeartbeatTest", "failFast=true", "");
    }

    @Test
    void annotationSequentiallyWithoutExplicitGc() throws Exception {
        sequential(Jdk.all().get(0), "AnnotatedHeartbeatTest", "", NO_GC);
    }

    @Test
    void failFastInParallelWithoutExplicitGcFailsEachLeakingTestWithItsOwnLine() throws Exception {
        parallel(Jdk.all().get(0), "HeartbeatTest", "failFast=true", NO_GC);
    }

    @Test
    void annotationInParallelFailsEachLeakingTestWithItsOwnLine() throws Exception {
        parallel(Jdk.all().get(0), "AnnotatedHeartbeatTest", "", "");
        parallel(Jdk.all().get(Jdk.all().size() - 1), "AnnotatedHeartbeatTest", "", "");
    }

    private void sequential(Jdk jdk, String test, String options, String jvmArgs) throws Exception {
        check(jdk, test, options, jvmArgs, List.of("-Dsample.base=" + servers.fixedBase()), "");
    }

    /** In parallel, with every test's work overlapping the others': the same verdicts, no class failure. */
    private void parallel(Jdk jdk, String test, String options, String jvmArgs) throws Exception {
        List<String> props = new ArrayList<>(PARALLEL);
        props.add("-Dsample.base=" + servers.fixedBase());
        check(jdk, test, options, jvmArgs, props, " parallel");
    }

    private void check(Jdk jdk, String test, String options, String jvmArgs, List<String> props, String how)
            throws Exception {
        SurefireRun run = SurefireRun.of(jdk, test, options, jvmArgs, props);
        String where = jdk + " " + test + how + " " + options + " " + jvmArgs + "\n" + run;
        assertEquals(Set.of(test + "#leaksOnItsThread", test + "#leaksOnAnExecutor", test + "#leaksInSupplyAsync"),
                run.failures.keySet(), where);
        assertOwn(run, test, "leaksOnItsThread", "own", "HeartbeatCases.leaksOnItsThread(HeartbeatCases.java:66)", where);
        assertOwn(run, test, "leaksOnAnExecutor", "executor",
                "HeartbeatCases.lambda$leaksOnAnExecutor$2(HeartbeatCases.java:71)", where);
        assertOwn(run, test, "leaksInSupplyAsync", "async",
                "HeartbeatCases.lambda$leaksInSupplyAsync$3(HeartbeatCases.java:78)", where);
        System.out.println("[it] surefire " + where.substring(0, where.indexOf('\n')) + ": as expected");
    }

    private void assertOwn(SurefireRun run, String test, String method, String path, String frame, String where) {
        String first = "1 response body leaked in " + method + "(): okhttp GET " + servers.fixedBase() + "/it/beat-"
                + path + " status=200 at com.example.Heartbeat.beat(Heartbeat.java:18)";
        assertEquals(first, run.failures.get(test + "#" + method), where);
        String printed = run.printed.get(test + "#" + method);
        // the test's own line ends the stack; a task on another thread ends at the thread's entry point
        assertTrue(Pattern.compile(Pattern.quote("dev.bodycheck.UnclosedBodyError: " + first + "\n\tat com.example." + frame)
                + (frame.contains("lambda$") ? "\n\t\\.\\.\\. \\d+ frames of the JDK and of libraries not shown" : ""))
                .matcher(printed).matches(), method + " printed:\n" + printed + "\n" + where);
    }
}
