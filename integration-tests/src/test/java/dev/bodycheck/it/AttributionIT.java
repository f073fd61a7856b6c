package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-test attribution through the JUnit console launcher in forked JVMs: {@code AttributionTests} (a test's
 * work on its own thread, a shared executor, {@code supplyAsync}, a delayed stage, a raw thread, a virtual thread, OkHttp's
 * {@code enqueue}, the JDK client's {@code sendAsync}; each once leaking, once clean) beside
 * {@code CleanNeighbours}. Sequential and parallel, failFast=true and {@code @NoBodyLeaks}, the common pool's
 * parallelism at 1 (then {@code supplyAsync} starts a thread per task before JDK 25), {@code -XX:+DisableExplicitGC},
 * on every JDK: each leak fails exactly its own test, naming its line, and nothing else fails; a poller's leak, which
 * no test's work made, fails nothing and is counted as unattributed. Then
 * {@code HttpsCase}, run 10 times in one JVM: the same verdicts every time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttributionIT {
    private static final Path SOURCE = Paths.get("src/test/java/dev/bodycheck/it/junitapp/AttributionTests.java");
    private static final Path HTTPS_SOURCE = Paths.get("src/test/java/dev/bodycheck/it/junitapp/HttpsCase.java");
    private static final List<String> NO_GC = List.of("-XX:+DisableExplicitGC", "-Xmx1g", "-Xmn512m");
    private static final List<String> PARALLEL = List.of("-Dit.parallel=true",
            "-Djunit.jupiter.execution.parallel.enabled=true",
            "-Djunit.jupiter.execution.parallel.mode.default=concurrent",
            "-Djunit.jupiter.execution.parallel.mode.classes.default=concurrent",
            "-Djunit.jupiter.execution.parallel.config.strategy=fixed",
            "-Djunit.jupiter.execution.parallel.config.fixed.parallelism=24");
    private static final String COMMON_POOL_OF_ONE = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1";
    /** Leaking test, client, path, first frame of its stack (a lambda's number follows it). */
    private static final String[][] LEAKS = {
            {"leaksOnItsThread", "okhttp", "attr-own", "leaksOnItsThread"},
            {"leaksOnAnExecutor", "okhttp", "attr-executor", "lambda$leaksOnAnExecutor$"},
            {"leaksInSupplyAsync", "okhttp", "attr-async", "lambda$leaksInSupplyAsync$"},
            {"leaksInADelayedStage", "okhttp", "attr-delayed", "lambda$leaksInADelayedStage$"},
            {"leaksOnARawThread", "okhttp", "attr-thread", "lambda$leaksOnARawThread$"},
            {"leaksOnAVirtualThread", "okhttp", "attr-virtual", "lambda$leaksOnAVirtualThread$"},
            {"leaksInEnqueue", "okhttp", "attr-enqueue", "leaksInEnqueue"},
            {"leaksInSendAsync", "jdk", "attr-send-async", "leaksInSendAsync"}};
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
    void everyLeakFailsItsOwnTestSequentialOrParallelWhereverItsWorkRan() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            for (String[] variant : new String[][] {{"PlainAttribution", "sequential", ""}, {"AnnotatedAttribution", "sequential", "no-gc"},
                    {"PlainAttribution", "parallel", "common-pool-of-one"}, {"AnnotatedAttribution", "parallel", ""}}) {
                String mode = variant[0];
                Fork fork = Fork.on(jdk);
                if (mode.equals("PlainAttribution")) {
                    fork.agentOptions("failFast=true");
                }
                if (variant[1].equals("parallel")) {
                    PARALLEL.forEach(fork::jvmArg);
                }
                if (variant[2].equals("no-gc")) {
                    NO_GC.forEach(fork::jvmArg);
                } else if (variant[2].equals("common-pool-of-one")) {
                    fork.jvmArg(COMMON_POOL_OF_ONE);
                }
                JUnitRun run = JUnitRun.of(fork, "junit5", servers.fixedBase(), mode, "CleanNeighbours");
                String where = jdk + " " + String.join(" ", variant) + "\n" + run.result;
                Map<String, String> failed = run.failures();
                TreeSet<String> expected = new TreeSet<>();
                for (String[] leak : LEAKS) {
                    expected.add(mode + "#" + leak[0] + "()");
                }
                if (jdk.major() < 21) { // no virtual threads: both virtual-thread tests are aborted
                    expected.add(mode + "#cleanOnAVirtualThread()");
                    for (String test : new String[] {"cleanOnAVirtualThread()", "leaksOnAVirtualThread()"}) {
                        assertTrue(failed.get(mode + "#" + test).startsWith("org.opentest4j.TestAbortedException: "
                                + "Assumption failed: virtual threads: JDK 21+"), where);
                    }
                }
                assertEquals(expected, new TreeSet<>(failed.keySet()), where);
                for (String[] leak : LEAKS) {
                    if (leak[0].contains("Virtual") && jdk.major() < 21) {
                        continue;
                    }
                    String failure = failed.get(mode + "#" + leak[0] + "()");
                    Pattern first = Pattern.compile(Pattern.quote("dev.bodycheck.UnclosedBodyError: 1 response body leaked in "
                            + leak[0] + "(): " + leak[1] + " GET " + servers.fixedBase() + "/it/" + leak[2] + " status=200 at "
                            + "dev.bodycheck.it.junitapp.AttributionTests." + leak[3]) + (leak[3].startsWith("lambda$") ? "\\d+" : "")
                            + Pattern.quote("(AttributionTests.java:" + lineOf(SOURCE, "/it/" + leak[2] + "\"") + ")")
                            // the test method's own line ends the stack; a task's goes on to its thread's application frames
                            + (leak[3].startsWith("lambda$") ? "\n" : "$"));
                    assertTrue(first.matcher(failure).lookingAt(), leak[0] + ":\n" + failure + "\n" + where);
                }
                assertEquals(jdk.major() < 21 ? 15 : 16, run.count("successful"), where); // the clean tests
                var summary = run.result.events().summary();
                // and the poller's, which failed nothing: unattributed
                assertEquals(jdk.major() < 21 ? 8 : 9, summary.path("leaked").asLong(), where);
                assertEquals(1, summary.path("unattributed").asLong(), where);
                assertEquals(1, summary.path("clients").path("okhttp").path("unattributed").asLong(), where);
                assertEquals(1, run.result.events().leaksAt("/it/nb-poller").size(), where);
                System.out.println("[it] " + jdk + " " + String.join(" ", variant) + " seconds: " + run.seconds.values()
                        .stream().mapToDouble(Double::doubleValue).sum());
            }
        }
    }

    /**
     * A JDK client kept in a field, over HTTPS: the dropped body fails its test in each of 10 runs; a body still
     * referenced when its test ends and dropped by the class fails the class, naming the test, in each run; the
     * one the class closes fails nothing.
     */
    @Test
    void overHttpsTheVerdictIsTheSameInTenRuns() throws Exception {
        Path dir = Files.createTempDirectory("bodycheck-tls");
        Path keystore = dir.resolve("it.p12");
        try {
            for (Jdk jdk : Jdk.all()) {
                Files.deleteIfExists(keystore);
                Process keytool = new ProcessBuilder(jdk.home().resolve("bin/keytool").toString(), "-genkeypair",
                        "-keyalg", "EC", "-alias", "it", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                        .redirectErrorStream(true).start();
                assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool");
                Result r = Fork.on(jdk).libs("junit5").jvmArg("-Dit.keystore=" + keystore)
                        .run("dev.bodycheck.it.junitapp.RepeatedRuns", "10", "HttpsCase");
                Map<Integer, List<String>> runs = new LinkedHashMap<>();
                for (String line : r.stdout().split("\n")) {
                    if (line.startsWith("RUN\t")) {
                        String[] parts = line.split("\t", 4);
                        runs.computeIfAbsent(Integer.parseInt(parts[1]), k -> new ArrayList<>()).add(parts[2] + "\t" + parts[3]);
                    }
                }
                String dropped = "HttpsCase#dropsAnHttpsBody()\tdev.bodycheck.UnclosedBodyError: 1 response body leaked in "
                        + "dropsAnHttpsBody(): jdk GET https://127.0.0.1:";
                String kept = "HttpsCase\tdev.bodycheck.UnclosedBodyError: 1 response body leaked in keepsABodyTheClassDrops() "
                        + "(decided when HttpsCase ended): jdk GET https://127.0.0.1:";
                for (int i = 1; i <= 10; i++) {
                    List<String> failed = runs.getOrDefault(i, List.of());
                    String where = jdk + " run " + i + ": " + failed + "\n" + r;
                    assertEquals(2, failed.size(), where);
                    assertTrue(failed.get(0).startsWith(dropped) && failed.get(0).endsWith("/https-drop status=200 at "
                            + "dev.bodycheck.it.junitapp.HttpsCase.get(HttpsCase.java:" + lineOf(HTTPS_SOURCE, "client.send(") + ")"), where);
                    assertTrue(failed.get(1).startsWith(kept) && failed.get(1).endsWith("/https-kept-dropped status=200 at "
                            + "dev.bodycheck.it.junitapp.HttpsCase.get(HttpsCase.java:" + lineOf(HTTPS_SOURCE, "client.send(") + ")"), where);
                }
                assertEquals(10, runs.size(), r.toString());
                assertTrue(!r.stderr().contains("warning"), r.stderr());
            }
        } finally {
            Files.deleteIfExists(keystore);
            Files.delete(dir);
        }
    }

    /** The line of the source file that holds {@code text}. */
    private static int lineOf(Path source, String text) throws Exception {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + source);
    }
}
