package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-test attribution through the JUnit console launcher in forked JVMs: clean tests and tests leaking on
 * their own thread, on an executor and in {@code supplyAsync}; sequential and parallel; failFast=true and
 * {@code @NoBodyLeaks}; with and without {@code -XX:+DisableExplicitGC}; on every JDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttributionIT {
    private static final Path SOURCE = Paths.get("src/test/java/dev/bodycheck/it/junitapp/AttributionTests.java");
    private static final List<String> NO_GC = List.of("-XX:+DisableExplicitGC", "-Xmx1g", "-Xmn512m");
    private static final List<String> PARALLEL = List.of("-Dit.parallel=true",
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
    void sequentiallyEveryLeakFailsTheTestThatMadeIt() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            for (boolean noGc : new boolean[] {false, true}) {
                for (String mode : new String[] {"PlainAttribution", "AnnotatedAttribution"}) {
                    JUnitRun run = run(jdk, mode, false, noGc);
                    Map<String, String> failed = run.failures();
                    String where = jdk + " " + mode + (noGc ? " -XX:+DisableExplicitGC" : "") + "\n" + run.result;
                    assertEquals(Set.of(mode + "#leaksOnItsThread()", mode + "#leaksOnAnExecutor()",
                            mode + "#leaksInSupplyAsync()"), failed.keySet(), where);
                    assertOwnLeak(failed.get(mode + "#leaksOnItsThread()"), "leaksOnItsThread()", "attr-own",
                            "leaksOnItsThread", where);
                    assertOwnLeak(failed.get(mode + "#leaksOnAnExecutor()"), "leaksOnAnExecutor()", "attr-executor",
                            "lambda$leaksOnAnExecutor$", where);
                    assertOwnLeak(failed.get(mode + "#leaksInSupplyAsync()"), "leaksInSupplyAsync()", "attr-async",
                            "lambda$leaksInSupplyAsync$", where);
                    System.out.println("[it] " + jdk + " " + mode + (noGc ? " no-gc" : "") + " sequential seconds: "
                            + run.seconds);
                }
            }
        }
    }

    @Test
    void inParallelOnlyTheOwnThreadLeakFailsATestAndTheClassFailsWithTheOthers() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            for (boolean noGc : new boolean[] {false, true}) {
                for (String mode : new String[] {"PlainAttribution", "AnnotatedAttribution"}) {
                    JUnitRun run = run(jdk, mode, true, noGc);
                    Map<String, String> failed = run.failures();
                    String where = jdk + " " + mode + " parallel" + (noGc ? " -XX:+DisableExplicitGC" : "") + "\n"
                            + run.result;
                    assertEquals(Set.of(mode + "#leaksOnItsThread()", mode), failed.keySet(), where);
                    assertOwnLeak(failed.get(mode + "#leaksOnItsThread()"), "leaksOnItsThread()", "attr-own",
                            "leaksOnItsThread", where);
                    String classFailure = failed.get(mode);
                    assertTrue(classFailure.startsWith("dev.bodycheck.UnclosedBodyError: 2 response bodies leaked in "
                            + mode + ":\nokhttp GET "), where);
                    for (String[] leak : new String[][] {{"attr-executor", "lambda$leaksOnAnExecutor$"},
                            {"attr-async", "lambda$leaksInSupplyAsync$"}}) {
                        Pattern line = Pattern.compile("\nokhttp GET " + Pattern.quote(servers.fixedBase() + "/it/"
                                + leak[0]) + " status=200 at " + Pattern.quote("dev.bodycheck.it.junitapp.AttributionTests."
                                + leak[1]) + "\\d+\\(AttributionTests\\.java:" + lineOf("/it/" + leak[0] + "\"")
                                + "\\) \\(could not be attributed to one test: created on thread [^ ]+ while 6 tests ran: "
                                + "[^\n]+\\)\n\t\\.\\.\\. \\d+ frames of the JDK and of libraries not shown(\n|$)");
                        assertTrue(line.matcher(classFailure).find(), leak[0] + " in the class failure: " + where);
                    }
                }
            }
        }
    }

    private JUnitRun run(Jdk jdk, String mode, boolean parallel, boolean noGc) throws Exception {
        Fork fork = Fork.on(jdk);
        if (mode.equals("PlainAttribution")) {
            fork.agentOptions("failFast=true");
        }
        (parallel ? PARALLEL : List.<String>of()).forEach(fork::jvmArg);
        (noGc ? NO_GC : List.<String>of()).forEach(fork::jvmArg);
        return JUnitRun.of(fork, "junit5", servers.fixedBase(), mode);
    }

    /** The failure names its test, its own request and the line in AttributionTests that made it, and no more. */
    private void assertOwnLeak(String failure, String test, String path, String frame, String where) throws Exception {
        Pattern expected = Pattern.compile(Pattern.quote("dev.bodycheck.UnclosedBodyError: 1 response body leaked in "
                + test + ": okhttp GET " + servers.fixedBase() + "/it/" + path + " status=200 at "
                + "dev.bodycheck.it.junitapp.AttributionTests." + frame) + (frame.startsWith("lambda$") ? "\\d+" : "")
                + Pattern.quote("(AttributionTests.java:" + lineOf("/it/" + path + "\"") + ")")
                // a test's own line ends the stack; a task on another thread ends at the thread's entry point
                + (frame.startsWith("lambda$") ? "\n\t\\.\\.\\. \\d+ frames of the JDK and of libraries not shown" : ""));
        assertTrue(failure != null && expected.matcher(failure).matches(), "failure of " + test + ":\n" + failure
                + "\nexpected " + expected + "\n" + where);
    }

    /** The line of AttributionTests.java that holds {@code text}. */
    private static int lineOf(String text) throws Exception {
        List<String> lines = Files.readAllLines(SOURCE);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + SOURCE);
    }
}
