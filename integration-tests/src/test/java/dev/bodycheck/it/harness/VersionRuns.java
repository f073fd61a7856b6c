package dev.bodycheck.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * One program run in a forked JVM per library version and JDK, with the tests of each run in a container named
 * after both. A version is its {@code target/libs} folders: the library's, then the folder whose Netty (4.1, 4.2)
 * serves it.
 */
public final class VersionRuns {
    private final String[][] versions;
    private String agentOptions;

    private VersionRuns(String[][] versions) {
        this.versions = versions;
    }

    /** @param versions per version, its {@code target/libs} folder names */
    public static VersionRuns of(String[]... versions) {
        return new VersionRuns(versions);
    }

    public VersionRuns agentOptions(String options) {
        this.agentOptions = options;
        return this;
    }

    /** The program {@code mainClass} with {@code args}, run once per version and JDK, then checked by {@code tests}. */
    public Stream<DynamicNode> run(String mainClass, String label, Function<Result, List<? extends DynamicNode>> tests,
            String... args) {
        List<DynamicNode> all = new ArrayList<>();
        for (String[] version : versions) {
            for (Jdk jdk : Jdk.all()) {
                Result r;
                try {
                    Fork fork = Fork.on(jdk);
                    if (agentOptions != null) {
                        fork.agentOptions(agentOptions);
                    }
                    for (String lib : version) {
                        fork.libs(lib);
                    }
                    r = fork.run(mainClass, args);
                } catch (Exception e) {
                    throw new AssertionError(mainClass + " on " + version[0] + ", " + jdk, e);
                }
                all.add(dynamicContainer(version[0] + " " + jdk.name() + label, tests.apply(r)));
            }
        }
        return all.stream();
    }

    /**
     * The checks of a reclaim program: with {@code reclaim} on, the body dropped at mark {@code <prefix>-on} is one
     * leak whose connection was given back, and the next request (a pool of one connection) is read whole; with it
     * switched off, the leak at {@code <prefix>-off} keeps its connection and a next request that may not wait is
     * refused with {@code refusal}; the summary counts both leaks, one reclaimed, none open.
     */
    public static List<DynamicNode> reclaimChecks(Result r, String base, String prefix, String client, String refusal,
            int opened, int consumed) {
        return List.of(
                dynamicTest("reclaim on: the leak's connection is given back, the next request is read whole", () -> {
                    JsonNode leak = r.oneLeakAtMark(base, prefix + "-on", client);
                    assertTrue(leak.path("pinned").isNull(), leak.toString()); // neither client can tell
                    assertTrue(leak.path("reclaimed").asBoolean(), leak.toString());
                    assertTrue(r.stdout().contains("COLLECTED on 1\n"), r.toString());
                    assertTrue(r.stdout().contains("NEXT on 262144\n"), r.toString());
                }),
                dynamicTest("reclaim off: the connection stays held, the next request is refused", () -> {
                    JsonNode leak = r.oneLeakAtMark(base, prefix + "-off", client);
                    assertFalse(leak.path("reclaimed").asBoolean(), leak.toString());
                    assertTrue(r.stdout().contains("COLLECTED off 1\n"), r.toString());
                    assertTrue(r.stdout().contains("NEXT off refused " + refusal + "\n"), r.toString());
                }),
                dynamicTest("summary: opened " + opened + ", consumed " + consumed + ", leaked 2, reclaimed 1, none open",
                        () -> {
                    JsonNode s = r.events().summary().path("clients").path(client);
                    assertEquals(opened, s.path("opened").asInt(), r.toString());
                    assertEquals(consumed, s.path("consumed").asInt(), r.toString());
                    assertEquals(0, s.path("closed").asInt(), r.toString());
                    assertEquals(2, s.path("leaked").asInt(), r.toString());
                    assertEquals(1, s.path("reclaimed").asInt(), r.toString());
                    assertEquals(0, s.path("open").asInt(), r.toString());
                    assertEquals(0, r.events().summary().path("internalErrors").asInt(), r.toString());
                    assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                    assertTrue(r.stdout().contains("DONE"), r.toString());
                }));
    }
}
