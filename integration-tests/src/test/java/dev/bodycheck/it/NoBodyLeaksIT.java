package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code @NoBodyLeaks}, run by JUnit 5 and JUnit 6 launchers in forked JVMs with the agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoBodyLeaksIT {
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
    void theLeakingTestFailsWithItsLineAndItsNeighboursPass() throws Exception {
        for (String junit : new String[] {"junit5", "junit6"}) {
            JUnitRun run = JUnitRun.of(Fork.on(Jdk.all().get(0)), junit, servers.fixedBase(), "LeakingCases");
            String out = run.result.stdout();
            assertEquals(1, run.count("failed"), run.result.toString());
            assertEquals(2, run.count("successful"), run.result.toString());
            assertTrue(out.contains("UnclosedBodyError: 1 response body leaked in leaks(): okhttp GET "
                    + servers.fixedBase() + "/it/junit-leak status=200 at "
                    + "dev.bodycheck.it.junitapp.LeakingCases.leaks(LeakingCases.java:20)"), out);
            System.out.println("[it] " + junit + " per-test seconds: " + run.seconds);
        }
    }

    @Test
    void theLogLineAtTheFailureIsOneLineFromTheLoggerNamedBodycheck() throws Exception {
        // the default System.Logger, backed by java.util.logging: its header names the logger, not a class
        JUnitRun run = JUnitRun.of(Fork.on(Jdk.all().get(0)).agentOptions("log=system"), "junit5", servers.fixedBase(),
                "LeakingCases");
        String err = run.result.stderr();
        String leakLine = "WARNING: LEAK: okhttp GET " + servers.fixedBase() + "/it/junit-leak status=200 at "
                + "dev.bodycheck.it.junitapp.LeakingCases.leaks(LeakingCases.java:20) site=";
        java.util.List<String> lines = err.lines().collect(java.util.stream.Collectors.toList());
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(leakLine)) {
                assertEquals(-1, at, "one log line for the leak\n" + run.result);
                at = i;
            }
        }
        assertTrue(at > 0, run.result.toString());
        assertTrue(lines.get(at).endsWith(" - fails the test that made it"), lines.get(at));
        assertTrue(lines.get(at - 1).endsWith(" bodycheck"), "the header names the logger: " + lines.get(at - 1));
        assertTrue(!err.contains("LogSink"), run.result.toString());
        assertTrue(!err.contains("\tat "), "no stack in the log when a test fails with it\n" + run.result);
    }

    @Test
    void whenNoCollectionCanBeForcedTheLeakingTestFailsSayingSo() throws Exception {
        // System.gc() does nothing, and without an MBean server the GC.run diagnostic command cannot be reached
        JUnitRun run = JUnitRun.of(Fork.on(Jdk.all().get(0)).jvmArg("-XX:+DisableExplicitGC").jvmArg("-Xmx1g")
                .jvmArg("-Xmn512m").jvmArg("-Djavax.management.builder.initial=no.such.Builder"), "junit5",
                servers.fixedBase(), "LeakingCases");
        assertEquals(java.util.Map.of("LeakingCases#leaks()", "dev.bodycheck.UnclosedBodyError: could not check leaks() "
                + "for leaked response bodies: could not force a garbage collection (System.gc() and the GC.run "
                + "diagnostic command both did nothing), so it cannot tell whether 1 response body neither closed nor "
                + "read to EOF is unreachable"), run.failures(), run.result.toString());
        assertEquals(2, run.count("successful"), run.result.toString());
    }

    @Test
    void perTestCostOfACleanAndOfALeakingTest() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            // by class name: CleanCases (which asserts that none of its tests forced a collection) runs first
            JUnitRun run = JUnitRun.of(Fork.on(jdk).jvmArg("-Djunit.jupiter.testclass.order.default="
                    + "org.junit.jupiter.api.ClassOrderer$ClassName"), "junit5", servers.fixedBase(), "CleanCases", "LeakCost");
            assertEquals(20, run.failures().size(), run.result.toString());
            assertEquals(20, run.count("failed"), run.result.toString());
            assertEquals(20, run.count("successful"), run.result.toString());
            // CleanCases and LeakCost both name their tests "repetition i of 20": the report keeps them apart by class
            System.out.println("[it] " + jdk + " per-test seconds, median of 20: clean " + median(run.secondsOf("CleanCases"))
                    + ", leaking " + median(run.secondsOf("LeakCost")));
        }
    }

    private static double median(java.util.List<Double> values) {
        assertEquals(20, values.size(), values.toString());
        java.util.List<Double> sorted = new java.util.ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return (sorted.get(9) + sorted.get(10)) / 2;
    }

    @Test
    void aCleanTestForcesNoCollection() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            JUnitRun run = JUnitRun.of(Fork.on(jdk), "junit5", servers.fixedBase(), "CleanCases");
            assertEquals(0, run.count("failed"), run.result.toString());
            assertEquals(20, run.count("successful"), run.result.toString());
            assertTrue(run.result.stdout().contains("FORCED 0"), run.result.toString());
            System.out.println("[it] clean tests on " + jdk + ", seconds: " + run.seconds.values());
        }
    }

    @Test
    void inParallelTheLeakFailsTheTestWhoseThreadMadeIt() throws Exception {
        JUnitRun run = JUnitRun.of(Fork.on(Jdk.all().get(0)).jvmArg("-Djunit.jupiter.execution.parallel.enabled=true")
                .jvmArg("-Djunit.jupiter.execution.parallel.config.strategy=fixed")
                .jvmArg("-Djunit.jupiter.execution.parallel.config.fixed.parallelism=4"),
                "junit5", servers.fixedBase(), "ParallelCases");
        String out = run.result.stdout();
        assertEquals(1, run.count("failed"), run.result.toString());
        assertEquals(3, run.count("successful"), run.result.toString());
        assertEquals(java.util.Set.of("ParallelCases#leaker()"), run.failures().keySet(), run.result.toString());
        assertEquals("dev.bodycheck.UnclosedBodyError: 1 response body leaked in leaker(): okhttp GET "
                + servers.fixedBase() + "/it/parallel-leak status=200 at "
                + "dev.bodycheck.it.junitapp.ParallelCases.leaker(ParallelCases.java:30)",
                run.failures().get("ParallelCases#leaker()"), "the test's own line, and no JUnit frame\n" + run.result);
    }
}
