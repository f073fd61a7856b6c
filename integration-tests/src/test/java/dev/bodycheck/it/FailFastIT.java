package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.JUnitRun;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import org.junit.jupiter.api.Test;

/** {@code failFast=true}: every test checked without annotations; outside JUnit, the next request throws. */
class FailFastIT {
    @Test
    void underJUnitTheLeakingTestFailsWithoutAnyAnnotation() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                JUnitRun run = JUnitRun.of(Fork.on(jdk).agentOptions("failFast=true"), "junit5", servers.fixedBase(),
                        "PlainCases");
                String out = run.result.stdout();
                assertEquals(1, run.count("failed"), run.result.toString());
                assertEquals(1, run.count("successful"), run.result.toString());
                assertTrue(out.contains("UnclosedBodyError: 1 response body leaked in leaksWithoutAnnotation()"), out);
            }
        }
    }

    @Test
    void withoutJUnitTheNextRequestAfterALeakThrows() throws Exception {
        try (Servers servers = new Servers()) {
            // drop leaks; the exit hook's collection reports it; nothing more is requested after it, so: a
            // program that leaks, collects, then requests again
            Result r = Fork.on(Jdk.all().get(0)).libs("okhttp4").agentOptions("failFast=true").mayFail()
                    .run("dev.bodycheck.it.app.FailFastProgram", servers.fixedBase());
            assertTrue(r.stdout().contains("THROWN dev.bodycheck.UnclosedBodyError: LEAK: okhttp GET "
                    + servers.fixedBase() + "/it/fail-fast-leak"), r.toString());
            assertTrue(r.stdout().contains("NEXT OK"), "only the next request throws\n" + r);
        }
    }
}
