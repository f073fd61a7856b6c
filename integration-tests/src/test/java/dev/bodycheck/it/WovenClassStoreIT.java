package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The woven classes kept in {@code ~/.cache/bodycheck/woven/}: a second JVM reads them back instead of weaving
 * (Byte Buddy's advice is not even loaded) and tracks exactly as the first; a damaged entry is woven again; a
 * store that others may write to is not used, and {@code weaveCache=false} keeps none.
 */
class WovenClassStoreIT {
    /** The OkHttp 4 classes a dropped and a closed body go through, each woven once. */
    private static final List<String> WOVEN = List.of("okhttp3.internal.connection.Exchange",
            "okhttp3.internal.connection.Exchange$ResponseBodySource", "okhttp3.internal.connection.RealCall",
            "okhttp3.internal.http.BridgeInterceptor");
    private static final String ADVICE = "dev.bodycheck.shaded.net.bytebuddy.asm.Advice ";

    @TempDir
    Path home;

    @Test
    void aSecondJvmReadsTheWovenClassesBackAndTracksTheSame() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                Path jdkHome = Files.createDirectory(home.resolve("jdk" + jdk.major()));
                Result first = run(jdk, jdkHome, servers);
                assertTracked(first);
                assertTrue(first.stdout().contains(ADVICE), "the first JVM weaves");
                Map<String, FileTime> stored = entries(jdkHome);
                assertEquals(WOVEN, List.copyOf(stored.keySet()), jdk.toString());
                assertEquals("rwx------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(jdkHome.resolve(".cache/bodycheck"))));

                Result second = run(jdk, jdkHome, servers);
                assertTracked(second);
                assertFalse(second.stdout().contains(ADVICE), "the second JVM read the woven classes back");
                assertEquals(stored, entries(jdkHome), "and wrote nothing");
            }
        }
    }

    @Test
    void aDamagedEntryIsWovenAgain() throws Exception {
        try (Servers servers = new Servers()) {
            Jdk jdk = Jdk.all().get(0);
            assertTracked(run(jdk, home, servers));
            for (Path entry : files(home)) {
                byte[] bytes = Files.readAllBytes(entry);
                bytes[bytes.length - 20] ^= 0x5a; // in the woven class, before its checksum
                Files.write(entry, bytes);
            }
            Result damaged = run(jdk, home, servers);
            assertTracked(damaged);
            assertTrue(damaged.stdout().contains(ADVICE), "every damaged entry is woven again");
            Result after = run(jdk, home, servers);
            assertTracked(after);
            assertFalse(after.stdout().contains(ADVICE), "and stored again");
        }
    }

    @Test
    void aStoreOthersMayWriteToIsNotUsed() throws Exception {
        try (Servers servers = new Servers()) {
            Jdk jdk = Jdk.all().get(0);
            Path top = Files.createDirectories(home.resolve(".cache/bodycheck"));
            Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxrwxrwx"));
            for (int i = 0; i < 2; i++) {
                Result r = run(jdk, home, servers);
                assertTracked(r);
                assertTrue(r.stdout().contains(ADVICE), "woven every time");
            }
            assertEquals(List.of(), files(home));
        }
    }

    @Test
    void weaveCacheFalseKeepsNothing() throws Exception {
        try (Servers servers = new Servers()) {
            Jdk jdk = Jdk.all().get(0);
            for (int i = 0; i < 2; i++) {
                Result r = run(jdk, home, servers, "weaveCache=false");
                assertTracked(r);
                assertTrue(r.stdout().contains(ADVICE), "woven every time");
            }
            assertFalse(Files.exists(home.resolve(".cache")));
        }
    }

    /** The two scenarios: one leak, named at the program's line; the closed body is not one. */
    private static void assertTracked(Result r) {
        assertEquals(1, r.events().of("leak").size(), r.toString());
        assertEquals(r.mark("request"), r.events().of("leak").get(0).path("stack").path(0).asText(), r.toString());
        assertEquals(2, r.events().summary().path("opened").asInt(), r.toString());
        assertEquals(1, r.events().summary().path("closed").asInt(), r.toString());
        assertEquals("", r.stderr().lines().filter(l -> l.startsWith("bodycheck: ")).collect(Collectors.joining("\n")));
    }

    private static Result run(Jdk jdk, Path userHome, Servers servers, String... options) throws Exception {
        return Fork.on(jdk).libs("okhttp4").agentOptions(String.join(",", options))
                .jvmArg("-Duser.home=" + userHome).jvmArg("-Xlog:class+load=info")
                .run(Scenarios.class.getName(), "dev.bodycheck.it.app.OkHttpAdapter", servers.fixedBase(),
                        servers.chunkedBase(), servers.closeDelimitedBase(), "drop", "close-unread");
    }

    /** The class name of each stored entry, with its time. */
    private static Map<String, FileTime> entries(Path userHome) throws IOException {
        Map<String, FileTime> entries = new TreeMap<>();
        for (Path f : files(userHome)) {
            String name = f.getFileName().toString();
            entries.put(name.substring(0, name.lastIndexOf('-')), Files.getLastModifiedTime(f));
        }
        return entries;
    }

    private static List<Path> files(Path userHome) throws IOException {
        Path woven = userHome.resolve(".cache/bodycheck/woven");
        if (!Files.isDirectory(woven)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(woven)) {
            return all.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
