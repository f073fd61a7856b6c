package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code java.net.http.HttpClient} with {@code ofInputStream()}, in the JDK itself. */
class JdkHttpClientIT extends ClientScenariosIT {
    @Override
    String client() {
        return "jdk";
    }

    @Override
    String libs() {
        return null; // the JDK's own
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.JdkHttpClientAdapter";
    }

    @Override
    boolean tellsPinned() {
        return false;
    }

    @Override
    boolean helperIsTracked() {
        return false; // ofString: the client reads the whole body itself
    }

    /**
     * With no stack recorded ({@code stacks=none}, or a body left out by {@code 1/N}), a leak still names the
     * thread that made the request, not the client's worker that created the body: the JDK client's
     * {@code send()} and {@code sendAsync()}, and (its body made on OkHttp's dispatcher) OkHttp's
     * {@code enqueue()}, all from {@code main}.
     */
    @Test
    void anUnsampledBodyNamesTheThreadThatMadeTheRequest() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            try (Servers servers = new Servers()) {
                Result r = Fork.on(jdk).libs("okhttp4").agentOptions("stacks=none")
                        .run(Scenarios.class.getName(), adapter() + ",dev.bodycheck.it.app.OkHttpAdapter",
                                servers.fixedBase(), servers.chunkedBase(), servers.closeDelimitedBase(), "drop",
                                "async-drop");
                List<JsonNode> leaks = r.events().of("leak");
                assertEquals(List.of("jdk /it/async-drop", "jdk /it/drop", "okhttp /it/async-drop", "okhttp /it/drop"),
                        leaks.stream().map(l -> l.path("client").asText() + " " + l.path("url").asText()
                                .replace(servers.fixedBase(), "")).sorted().collect(Collectors.toList()), r.toString());
                for (JsonNode leak : leaks) {
                    assertEquals("main", leak.path("thread").asText(), leak.toString());
                    assertEquals(0, leak.path("stack").size(), leak.toString());
                    assertEquals(leak.path("client").asText().equals("jdk"), leak.path("pinned").isNull(),
                            "only the JDK client cannot tell: " + leak);
                }
                List<String> lines = r.stderr().lines().filter(l -> l.startsWith("LEAK: jdk "))
                        .collect(Collectors.toList());
                assertEquals(2, lines.size(), r.stderr());
                for (String line : lines) {
                    assertTrue(line.contains(" thread=main ") && line.contains(" pinned=unknown "), line);
                    assertTrue(!line.contains("connection"), "no claim about the connection: " + line);
                }
            }
        }
    }
}
