package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.SurefireRun;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * samples/plugin-app: a user's project that gets the agent from {@code bodycheck-maven-plugin:prepare-agent}
 * (failFast, log and a report path with a comma in it, configured in the plugin), next to an argLine of its own.
 * With {@code mvn -o verify}, the leaking test fails at its own line, the clean one passes and still sees the
 * project's argLine, and the report file is where the configuration says. {@code bodycheck:check} (bound in the
 * sample) then passes that build, whose one leak failed its test; it fails a build with a leak that no test's work
 * made (a poller started before the tests), and with {@code failOnLeak=true} one with any leak, and passes a clean
 * one with {@code failOnLeak=true}.
 */
class MavenPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prepareAgentPutsTheAgentOnTheArgLineWithTheConfiguredOptions() throws Exception {
        List<String> source = Files.readAllLines(Paths.get(System.getProperty("it.samples"))
                .resolve("plugin-app/src/test/java/com/example/PingTest.java"));
        int leakLine = 0;
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains("ping(\"/leak\")")) {
                leakLine = i + 1;
            }
        }
        String frame = "com.example.PingTest.leaksItsResponse(PingTest.java:" + leakLine + ")";
        for (Jdk jdk : Jdk.all()) {
            SurefireRun run = SurefireRun.withPlugin(jdk, "target/bodycheck,leaks.jsonl", "-Dtest=PingTest");
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.output.contains("Tests run: 2, Failures: 1, Errors: 0, Skipped: 0"), run.toString());
            assertEquals(Set.of("PingTest#leaksItsResponse"), run.failures.keySet(), run.toString());
            String failure = run.failures.get("PingTest#leaksItsResponse");
            assertTrue(failure.contains(frame), failure);
            // the agent from the plugin's dependency, the options escaped, the project's own argLine after them
            assertTrue(run.output.contains("bodycheck: argLine set to -javaagent:"), run.toString());
            assertTrue(run.output.contains("/bodycheck-agent-" + System.getProperty("it.version") + ".jar=report="),
                    run.toString());
            assertTrue(run.output.contains("/target/bodycheck\\,leaks.jsonl,log=stderr,failFast=true -Dsample.mark=kept\n"),
                    run.toString());
            assertNotNull(run.kept, "the report file, named with a comma\n" + run);
            List<JsonNode> leaks = new ArrayList<>();
            for (String line : run.kept.split("\n")) {
                JsonNode e = JSON.readTree(line);
                if (e.path("event").asText().equals("leak")) {
                    leaks.add(e);
                }
            }
            assertEquals(1, leaks.size(), run.kept);
            assertTrue(leaks.get(0).path("url").asText().endsWith("/leak"), run.kept);
            assertEquals(frame, leaks.get(0).path("stack").path(0).asText(), run.kept);
            assertTrue(run.output.contains("[INFO] bodycheck: 1 leak, 0 unattributed, in 1 JVM\n"), run.toString());
            assertTrue(run.output.contains("BUILD SUCCESS"), run.toString());
        }
    }

    @Test
    void checkFailsABuildWithAnUnattributedLeakOrWithFailOnLeakAnyLeakAndPassesACleanOne() throws Exception {
        Jdk jdk = Jdk.all().get(0); // the check reads a file: one JDK is enough (AttributionIT counts on both)
        SurefireRun background = SurefireRun.withPlugin(jdk, "target/bodycheck,leaks.jsonl", "-Dtest=BackgroundTest");
        assertEquals(1, background.exitCode, background.toString());
        assertTrue(background.output.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), background.toString());
        assertTrue(background.failures.isEmpty(), background.toString());
        assertTrue(background.output.contains("[ERROR] Failed to execute goal dev.bodycheck:bodycheck-maven-plugin:"
                + System.getProperty("it.version") + ":check (default) on project plugin-sample: bodycheck: 1 response body "
                + "leaked that no test's work made (unattributed: they failed no test)"), background.toString());
        assertTrue(background.kept.contains("\"unattributed\":1,"), background.kept);
        assertTrue(background.kept.contains("\"url\":\"http://127.0.0.1:"), background.kept);

        SurefireRun strict = SurefireRun.withPlugin(jdk, null, "-Dtest=PingTest", "-Dbodycheck.failOnLeak=true");
        assertEquals(1, strict.exitCode, strict.toString());
        assertEquals(Set.of("PingTest#leaksItsResponse"), strict.failures.keySet(), strict.toString());
        assertTrue(strict.output.contains(":check (default) on project plugin-sample: bodycheck: 1 response body leaked "
                + "(failOnLeak=true)"), strict.toString());

        SurefireRun clean = SurefireRun.withPlugin(jdk, null, "-Dtest=PingTest#closesItsResponse",
                "-Dbodycheck.failOnLeak=true");
        assertEquals(0, clean.exitCode, clean.toString());
        assertTrue(clean.output.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), clean.toString());
        assertTrue(clean.output.contains("[INFO] bodycheck: 0 leaks, 0 unattributed, in 1 JVM\n"), clean.toString());
    }
}
