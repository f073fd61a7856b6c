package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Servers;
import org.junit.jupiter.api.Test;

/** No -javaagent: the annotation attaches the agent jar found on the class path. */
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
}
