package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/** {@code ofLines}, {@code ofPublisher}, the self-consuming handlers, and {@code disconnect()}, on every JDK. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkPatternsIT {
    /** pattern -> [client, path, status] of the one leak it must give. */
    private static final Map<String, String[]> LEAKS = Map.of(
            "lines-drop", new String[] {"jdk", "/it/lines-drop", "200"},
            "publisher-drop", new String[] {"jdk", "/it/publisher-drop", "200"},
            "urlconnection-error-drop", new String[] {"urlconnection", "/it/missing-urlconnection-error-drop", "404"});
    private static final List<String> CLEAN = List.of("lines-try-with-resources", "lines-counted",
            "publisher-consumed", "string", "byte-array", "discarding", "stream-closed-early", "urlconnection-disconnect");

    private Servers servers;
    private final List<Result> results = new ArrayList<>();

    @BeforeAll
    void run() throws Exception {
        servers = new Servers();
        List<String> args = new ArrayList<>(List.of(servers.fixedBase()));
        args.addAll(LEAKS.keySet());
        args.addAll(CLEAN);
        for (Jdk jdk : Jdk.all()) {
            results.add(Fork.on(jdk).run("dev.bodycheck.it.app.JdkPatterns", args.toArray(new String[0])));
        }
    }

    @AfterAll
    void stop() {
        servers.close();
    }

    @TestFactory
    Stream<DynamicNode> patterns() {
        return results.stream().map(r -> {
            List<DynamicNode> tests = new ArrayList<>();
            LEAKS.forEach((pattern, expected) -> tests.add(dynamicTest(pattern + " is reported", () -> {
                List<JsonNode> leaks = r.events().leaksAt(expected[1]);
                assertEquals(1, leaks.size(), r.toString());
                JsonNode leak = leaks.get(0);
                assertEquals(expected[0], leak.path("client").asText());
                assertEquals(Integer.parseInt(expected[2]), leak.path("status").asInt());
                assertEquals(r.mark(pattern), leak.path("stack").path(0).asText(), leak.toString());
            })));
            for (String pattern : CLEAN) {
                tests.add(dynamicTest(pattern + " is not reported", () -> assertEquals(List.of(),
                        r.events().of("leak").stream().filter(e -> e.path("url").asText().endsWith(pattern))
                                .collect(java.util.stream.Collectors.toList()), r.toString())));
            }
            tests.add(dynamicTest("nothing else is reported, and nothing is left open", () -> {
                assertEquals(LEAKS.size(), r.events().of("leak").size(), r.toString());
                JsonNode s = r.events().summary();
                assertEquals(0, s.path("open").asInt(), s.toString());
                assertEquals(LEAKS.size(), s.path("leaked").asInt(), s.toString());
                assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
            }));
            return dynamicContainer(r.jdk().name(), tests);
        });
    }
}
