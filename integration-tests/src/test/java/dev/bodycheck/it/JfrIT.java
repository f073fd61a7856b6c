package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.app.Apache5PoolIncident;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events, recorded by a recording with the JDK's default settings started on the command line and read
 * back with {@code jdk.jfr.consumer}: the event classes live in the bootstrap loader with the rest of the runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JfrIT {
    private Servers servers;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        servers = new Servers();
    }

    @AfterAll
    void stop() {
        servers.close();
    }

    private static String recording(Path file) {
        return "-XX:StartFlightRecording=filename=" + file + ",settings=default";
    }

    private static List<RecordedEvent> events(Path file, String type) throws Exception {
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(type))
                .collect(Collectors.toList());
    }

    @Test
    void leaksAndABodyOpenTooLongAreEvents() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Path file = dir.resolve("leaks-" + jdk.name() + ".jfr");
            Result r = Fork.on(jdk).libs("okhttp4").agentOptions("openWarn=300ms").jvmArg(recording(file))
                    .run("dev.bodycheck.it.app.Operations", servers.fixedBase(), "hold", "1200");
            List<RecordedEvent> leaks = events(file, "dev.bodycheck.Leak");
            assertEquals(3, leaks.size(), leaks + "\n" + r);
            String site = r.events().leaksAt("/it/loop").get(0).path("site").asText();
            for (RecordedEvent e : leaks) {
                assertEquals("okhttp", e.getString("client"), e.toString());
                assertEquals("GET", e.getString("method"), e.toString());
                assertEquals(servers.fixedBase() + "/it/loop", e.getString("url"), e.toString());
                assertEquals(200, e.getInt("status"), e.toString());
                assertEquals(r.mark("leak"), e.getString("frame"), e.toString());
                assertEquals(site, e.getString("site"), e.toString());
                assertEquals(r.events().leaksAt("/it/loop").get(0).path("endpoint").asText(), e.getString("endpoint"),
                        e.toString());
                assertEquals("GET " + servers.fixedBase().substring("http://".length()) + "/it/loop",
                        e.getString("endpoint"), e.toString());
                assertEquals("main", e.getString("thread"), e.toString());
                assertEquals(false, e.getBoolean("reclaimed"), e.toString());
            }
            // the rest of the fields as the report file has them
            assertEquals(r.events().leaksAt("/it/loop").stream().map(j -> j.path("pinned").asText() + " "
                    + j.path("bytesRead").asLong()).sorted().collect(Collectors.toList()),
                    leaks.stream().map(e -> e.getString("pinned") + " " + e.getLong("bytesRead")).sorted()
                    .collect(Collectors.toList()));
            List<RecordedEvent> open = events(file, "dev.bodycheck.OpenTooLong");
            assertEquals(1, open.size(), open + "\n" + r);
            assertEquals(servers.fixedBase() + "/it/kept", open.get(0).getString("url"), open.toString());
            assertTrue(open.get(0).getLong("openMillis") >= 300, open.toString());
            assertTrue(open.get(0).getString("frame").startsWith("dev.bodycheck.it.app.Operations.main(Operations.java:"),
                    open.toString());
        }
    }

    /** A runtime image without jdk.jfr (as jlink can make): the agent runs and reports as ever, with no event. */
    @Test
    void withoutTheJfrModuleNothingIsRecordedAndNothingBreaks() throws Exception {
        Jdk jdk = Jdk.all().get(0);
        Result r = Fork.on(jdk).libs("okhttp4")
                .jvmArg("--limit-modules=java.base,java.instrument,java.management,java.logging,jdk.unsupported")
                .run("dev.bodycheck.it.app.Operations", servers.fixedBase(), "hold", "10");
        assertEquals(3, r.events().leaksAt("/it/loop").size(), r.toString());
        assertEquals(0, r.events().summary().path("internalErrors").asInt(), r.toString());
        assertTrue(r.stdout().contains("JMX Leaked 3\n"), r.toString());
    }

    @Test
    void everyExhaustedPoolIsAnEvent() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Path file = dir.resolve("pool-" + jdk.name() + ".jfr");
            Result r = Fork.on(jdk).libs("apache5").jvmArg("-Xms256m").jvmArg("-Xmn128m").jvmArg(recording(file))
                    .run(Apache5PoolIncident.class.getName(), servers.fixedBase() + "/it/jfr-retries", "retries", "3");
            assertTrue(r.stdout().contains("FAILED 3 of 3\n"), r.toString());
            List<RecordedEvent> pool = events(file, "dev.bodycheck.PoolExhausted");
            assertEquals(3, pool.size(), pool + "\n" + r);
            for (RecordedEvent e : pool) {
                assertEquals("apache5", e.getString("client"), e.toString());
                assertEquals(1, e.getInt("open"), e.toString());
                assertTrue(e.getString("detail").contains("still allocated"), e.toString());
            }
        }
    }
}
