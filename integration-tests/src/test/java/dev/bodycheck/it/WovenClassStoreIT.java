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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The woven classes shipped in the agent jar for the library versions the tests pin: a first JVM on one of them
 * (an empty home, or {@code weaveCache=false}) runs no Byte Buddy code and tracks as if it had woven, and makes the
 * hooks of that library only (no advice class of a library the program does not load is loaded). Those of any
 * other version, kept in {@code ~/.cache/bodycheck/woven/}: a second JVM reads them back instead of weaving
 * (Byte Buddy's advice is not even loaded) and tracks exactly as the first; a damaged entry is woven again; a
 * store that others may write to is not used, and {@code weaveCache=false} keeps none.
 */
class WovenClassStoreIT {
    /** The classes of Apache HttpClient 4.5.13 (not shipped) a dropped and a closed body go through, each woven once. */
    private static final List<String> WOVEN = List.of("org.apache.http.conn.EofSensorInputStream",
            "org.apache.http.impl.client.InternalHttpClient", "org.apache.http.impl.execchain.ConnectionHolder", "org.apache.http.impl.execchain.HttpResponseProxy",
            "org.apache.http.impl.execchain.MainClientExec", "org.apache.http.impl.execchain.ResponseEntityProxy");
    private static final String UNSHIPPED = "apache4-unshipped";
    private static final String APACHE4 = "dev.bodycheck.it.app.Apache4Adapter";
    private static final String ADVICE = "dev.bodycheck.shaded.net.bytebuddy.asm.Advice ";
    private static final String BYTE_BUDDY = "dev.bodycheck.shaded.net.bytebuddy.";
    /**
     * The only Byte Buddy type a JVM that weaves nothing with Byte Buddy loads: one interface that the signatures of
     * the agent's {@code Library} name, linked at its start by every JVM (no Byte Buddy code runs; a class read back
     * from the store makes no hooks, so their matchers' types are not loaded either). A JVM that weaves loads some 560.
     */
    private static final List<String> DECLARED_ONLY = List.of(BYTE_BUDDY + "asm.AsmVisitorWrapper");
    /** Each shipped library version (its folder of jars) and the program's adapter for it. */
    private static final Map<String, String> SHIPPED = new TreeMap<>(Map.of(
            "okhttp3", "dev.bodycheck.it.app.OkHttpAdapter",
            "okhttp4", "dev.bodycheck.it.app.OkHttpAdapter",
            "okhttp5", "dev.bodycheck.it.app.OkHttpAdapter",
            "apache4", APACHE4,
            "apache5", "dev.bodycheck.it.app.Apache5Adapter",
            "apache55", "dev.bodycheck.it.app.Apache5Adapter",
            "jetty", "dev.bodycheck.it.app.JettyAdapter",
            "reactor-netty12", "dev.bodycheck.it.app.ReactorNettyAdapter",
            "reactor-netty13", "dev.bodycheck.it.app.ReactorNettyAdapter"));

    /** The JDK's own clients (no class of theirs is shipped woven: each JDK build has its own) and their adapters. */
    private static final Map<String, String> JDK_CLIENTS = new TreeMap<>(Map.of(
            "jdk", "dev.bodycheck.it.app.JdkHttpClientAdapter",
            "urlconnection", "dev.bodycheck.it.app.UrlConnectionAdapter"));
    /** The package of Byte Buddy's own ASM, which weaves the JDK's clients (its parser and writer only). */
    private static final String ASM = BYTE_BUDDY + "jar.asm.";

    private static final String INSTRUMENT = "dev.bodycheck.instrument.";

    @TempDir
    Path home;

    @Test
    void aFirstJvmOnAShippedVersionRunsNoByteBuddyAndTracksTheSame() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                for (Map.Entry<String, String> version : SHIPPED.entrySet()) {
                    Path empty = Files.createDirectory(home.resolve(version.getKey() + "-" + jdk.major()));
                    Result first = runOn(version.getKey(), version.getValue(), jdk, empty, servers);
                    assertTracked(first);
                    assertEquals(DECLARED_ONLY, byteBuddyLoaded(first), version.getKey() + " on " + jdk);
                    assertEquals(Set.of(), hooksMade(first),
                            version.getKey() + " on " + jdk + ": every class read back, no hooks made");
                    assertEquals(List.of(), files(empty), "nothing to keep");
                }
                Result uncached = runOn("okhttp4", SHIPPED.get("okhttp4"), jdk, home, servers, "weaveCache=false");
                assertTracked(uncached);
                assertEquals(DECLARED_ONLY, byteBuddyLoaded(uncached), "weaveCache=false on " + jdk);
                assertEquals(Set.of(), hooksMade(uncached), "weaveCache=false on " + jdk);

                Result unshipped = runOn(UNSHIPPED, APACHE4, jdk, home, servers, "weaveCache=false");
                assertTracked(unshipped);
                assertEquals(Set.of("apache4"), hooksMade(unshipped), "another version is woven on " + jdk);
                assertTrue(unshipped.stdout().contains(ADVICE), "another version is woven on " + jdk);
                assertTrue(byteBuddyLoaded(unshipped).size() > 100, byteBuddyLoaded(unshipped).size() + " classes");
            }
        }
    }

    /**
     * The JDK's own clients are woven with plain ASM, not Byte Buddy: a first JVM (an empty home) loads no Byte Buddy
     * class but the one every start links and a few dozen of ASM's, and tracks; a later JVM reads the woven class
     * back and loads no ASM either.
     */
    @Test
    void aFirstJvmWeavesTheJdkClientsWithoutByteBuddy() throws Exception {
        try (Servers servers = new Servers()) {
            for (Jdk jdk : Jdk.all()) {
                for (Map.Entry<String, String> client : JDK_CLIENTS.entrySet()) {
                    String where = client.getKey() + " on " + jdk;
                    Path empty = Files.createDirectory(home.resolve(client.getKey() + "-" + jdk.major()));
                    Result first = runOn(null, client.getValue(), jdk, empty, servers);
                    assertTracked(first);
                    List<String> asm = byteBuddyLoaded(first).stream().filter(c -> c.startsWith(ASM))
                            .collect(Collectors.toList());
                    List<String> others = byteBuddyLoaded(first).stream().filter(c -> !c.startsWith(ASM))
                            .collect(Collectors.toList());
                    assertEquals(DECLARED_ONLY, others, where);
                    assertTrue(asm.size() > 0 && asm.size() <= 30, where + ": " + asm);
                    assertEquals(1, files(empty).size(), where + ": the woven class is kept");

                    Result later = runOn(null, client.getValue(), jdk, empty, servers);
                    assertTracked(later);
                    assertEquals(DECLARED_ONLY, byteBuddyLoaded(later), where + ", read back");
                }
            }
        }
    }

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
        return runOn(UNSHIPPED, APACHE4, jdk, userHome, servers, options);
    }

    private static Result runOn(String libs, String adapter, Jdk jdk, Path userHome, Servers servers, String... options)
            throws Exception {
        Fork fork = Fork.on(jdk);
        if (libs != null) { // null: the JDK's own client
            fork.libs(libs);
        }
        return fork.agentOptions(String.join(",", options))
                .jvmArg("-Duser.home=" + userHome).jvmArg("-Xlog:class+load=info")
                .run(Scenarios.class.getName(), adapter, servers.fixedBase(), servers.chunkedBase(),
                        servers.closeDelimitedBase(), "drop", "close-unread");
    }

    /** The Byte Buddy types the JVM loaded, by name, sorted. */
    private static List<String> byteBuddyLoaded(Result r) {
        return r.stdout().lines().filter(l -> l.contains("[class,load] " + BYTE_BUDDY))
                .map(l -> l.substring(l.indexOf("[class,load] ") + 13).split(" ")[0]).sorted().collect(Collectors.toList());
    }

    /**
     * The libraries whose hooks the JVM made: the packages {@code dev.bodycheck.instrument.<package>} whose advice
     * classes (the classes nested in its {@code <Library>Hooks}) it loaded. The start loads none of them: it reads each
     * library's {@code <Library>Library}, and a class read back from the store needs no hooks.
     */
    private static Set<String> hooksMade(Result r) {
        return r.stdout().lines().filter(l -> l.contains("[class,load] " + INSTRUMENT))
                .map(l -> l.substring(l.indexOf("[class,load] ") + 13).split(" ")[0].substring(INSTRUMENT.length()))
                .filter(c -> c.matches("[a-z0-9]+\\.[A-Za-z0-9]+Hooks\\$.+"))
                .map(c -> c.substring(0, c.indexOf('.'))).collect(Collectors.toCollection(TreeSet::new));
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
