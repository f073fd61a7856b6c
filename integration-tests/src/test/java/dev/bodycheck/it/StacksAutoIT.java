package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default {@code stacks=auto} with no test framework watching: an endpoint's first leak has no stack and
 * names the endpoint; its next leak names the line; a clean endpoint beside it never takes a stack. The same
 * with OkHttp's enqueue, whose bodies are made on its dispatcher threads: none takes a stack there.
 */
class StacksAutoIT {
    @Test
    void aLeakingEndpointsNextLeakNamesTheLineAndACleanEndpointTakesNoStack() throws Exception {
        try (Servers servers = new Servers()) {
            String base = servers.fixedBase();
            String host = base.substring(base.indexOf("://") + 3);
            for (Jdk jdk : Jdk.all()) {
                Result r = Fork.on(jdk).libs("okhttp4").defaultStacks()
                        .run("dev.bodycheck.it.app.LearningStacks", base);
                assertTrue(r.stdout().contains("DONE"), r.toString());

                List<JsonNode> first = r.events().leaksAt("/it/leaky/1");
                assertEquals(1, first.size(), r.toString());
                assertEquals(0, first.get(0).path("stack").size(), r.toString());
                assertEquals("GET " + host + "/it/leaky/{id}", first.get(0).path("endpoint").asText(), r.toString());
                List<JsonNode> second = r.events().leaksAt("/it/leaky/2");
                assertEquals(1, second.size(), r.toString());
                assertEquals(r.mark("leak"), second.get(0).path("stack").path(0).asText(), r.toString());
                assertEquals("GET " + host + "/it/leaky/{id}", second.get(0).path("endpoint").asText(), r.toString());
                // enqueued: the body is made on a dispatcher thread, which takes no stack of its own
                List<JsonNode> firstAsync = r.events().leaksAt("/it/async-leaky/1");
                assertEquals(1, firstAsync.size(), r.toString());
                assertEquals(0, firstAsync.get(0).path("stack").size(), r.toString());
                assertEquals("GET " + host + "/it/async-leaky/{id}", firstAsync.get(0).path("endpoint").asText());
                List<JsonNode> secondAsync = r.events().leaksAt("/it/async-leaky/2");
                assertEquals(1, secondAsync.size(), r.toString());
                assertEquals(r.mark("async-leak"), secondAsync.get(0).path("stack").path(0).asText(), r.toString());
                assertEquals(4, r.events().of("leak").size(), r.toString());

                // the first leak is one line in the log, naming its endpoint
                String[] lines = r.stderr().split("\n");
                int at = -1;
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].contains("LEAK: okhttp GET " + base + "/it/leaky/1 ")) {
                        assertEquals(-1, at, r.stderr());
                        at = i;
                    }
                }
                assertTrue(at >= 0, r.stderr());
                assertTrue(lines[at].contains(" No creation stack was recorded for it, endpoint GET " + host
                        + "/it/leaky/{id}: stacks=auto records the stack"), lines[at]);
                assertFalse(at + 1 < lines.length && lines[at + 1].startsWith("\t"), r.stderr());

                // two stacks in 434 bodies: the second leaky ones'; none for the clean endpoints, none on OkHttp's
                // threads (which opened more than 256 bodies)
                assertTrue(r.stdout().contains("JMX StacksTaken 2\n"), r.toString());
                JsonNode summary = r.events().summary();
                assertEquals(2, summary.path("stacksTaken").asLong(), summary.toString());
                assertEquals(434, summary.path("opened").asLong(), summary.toString());
                assertEquals(430, summary.path("consumed").asLong(), summary.toString());
                assertEquals(4, summary.path("leaked").asLong(), summary.toString());
            }
        }
    }
}
