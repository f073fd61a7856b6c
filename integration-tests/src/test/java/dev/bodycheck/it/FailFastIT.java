package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code failFast=true}: every test checked without annotations; outside JUnit, the next request throws. */
class FailFastIT {
    /** The failures with their "... n more" line cut off (n depends on the JDK). */
    private static Map<String, String> trimmedFailures(JUnitRun run) {
        Map<String, String> trimmed = new java.util.TreeMap<>();
        run.failures().forEach((k, v) -> trimmed.put(k, v.replaceAll("\n\t\\.\\.\\. \\d+ more$", "")));
        return trimmed;
    }

    @Test
    void underJUnitTheLeakingTestFailsWithoutAnyAnnotation() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                JUnitRun run = JUnitRun.of(Fork.on(jdk).agentOptions("failFast=true"), "junit5", servers.fixedBase(),
                        "PlainCases");
                String out = run.result.stdout();
                assertEquals(1, run.count("failed"), run.result.toString());
                assertEquals(1, run.count("successful"), run.result.toString());
                assertEquals(Map.of("PlainCases#leaksWithoutAnnotation()", "dev.bodycheck.UnclosedBodyError: 1 response "
                        + "body leaked in leaksWithoutAnnotation(): okhttp GET " + servers.fixedBase() + "/it/plain-leak "
                        + "status=200 at dev.bodycheck.it.junitapp.PlainCases.leaksWithoutAnnotation(PlainCases.java:10)"),
                        trimmedFailures(run), out);
            }
        }
    }

    @Test
    void withoutJUnitTheNextRequestAfterEveryLeakThrows() throws Exception {
        try (Servers servers = new Servers()) {
            // a program that leaks from one line five times, and after each leak is found requests again
            Result r = Fork.on(Jdk.all().get(0)).libs("okhttp4").agentOptions("failFast=true").mayFail()
                    .run("dev.bodycheck.it.app.FailFastProgram", servers.fixedBase());
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 5; i++) {
                expected.append("THROWN ").append(i).append(" dev.bodycheck.UnclosedBodyError: 1 response body leaked "
                        + "before this request: okhttp GET ").append(servers.fixedBase())
                        .append("/it/fail-fast-leak status=200 at ").append(r.mark("request")).append('\n');
            }
            String out = r.stdout().lines().filter(l -> !l.startsWith("MARK ")).map(l -> l + "\n")
                    .collect(java.util.stream.Collectors.joining());
            assertEquals(expected + "NEXT OK\n", out, r.toString());
        }
    }

    @Test
    void underJUnitEveryLeakOfASiteFailsItsTestAndAnIgnoredSiteFailsNone() throws Exception {
        Path ignore = Files.createTempFile("bodycheck-ignore", ".txt");
        Files.writeString(ignore, "# counted, not reported\ndev.bodycheck.it.junitapp.IgnoredSite.leak(\n");
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                JUnitRun run = JUnitRun.of(Fork.on(jdk).agentOptions("failFast=true,ignore=" + ignore), "junit5",
                        servers.fixedBase(), "RepeatedLeaks");
                Map<String, String> failed = run.failures();
                Set<String> expected = new TreeSet<>();
                for (int i = 1; i <= 5; i++) {
                    String test = "repetition " + i + " of 5";
                    expected.add("RepeatedLeaks#" + test);
                    String failure = failed.get("RepeatedLeaks#" + test);
                    assertTrue(failure != null && failure.matches(Pattern.quote("dev.bodycheck.UnclosedBodyError: 1 "
                            + "response body leaked in " + test + ": okhttp GET " + servers.fixedBase()
                            + "/it/repeated-leak status=200 at dev.bodycheck.it.junitapp.RepeatedLeaks.leaksEveryTime("
                            + "RepeatedLeaks.java:12)")), test + ": " + failure + "\n" + run.result);
                }
                assertEquals(expected, failed.keySet(), run.result.toString());
                assertEquals(1, run.count("successful"), run.result.toString());
            }
        } finally {
            Files.delete(ignore);
        }
    }
}
