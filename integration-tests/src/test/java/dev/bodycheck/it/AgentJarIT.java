package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar itself: its contents, its manifest, its command line, and how it treats bad input. */
class AgentJarIT {
    @TempDir
    Path dir;

    private static final String WOVEN = "META-INF/bodycheck/woven/";

    @Test
    void holdsOnlyOurPackagesWithByteBuddyRelocatedAndTheManifestOfTheSpec() throws Exception {
        try (JarFile jar = new JarFile(Fork.agentJar().toFile())) {
            List<String> foreign = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> !n.startsWith("dev/bodycheck/") && !n.startsWith("META-INF/") && !n.equals("dev/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), foreign);
            Set<String> metaInf = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("META-INF/") && !n.endsWith("/") && !n.startsWith(WOVEN))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(List.of("META-INF/MANIFEST.MF", "META-INF/LICENSE", "META-INF/NOTICE",
                    "META-INF/licenses/ASM", "META-INF/sbom/bodycheck-agent.cdx.json", "META-INF/bodycheck/bodycheck-runtime.jar",
                    "META-INF/services/org.junit.jupiter.api.extension.Extension")), metaInf);
            // the woven classes of the library versions the tests pin, by class name and key: none of the JDK's
            Set<String> shipped = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(WOVEN) && !n.endsWith("/"))
                    .map(n -> n.substring(WOVEN.length(), n.lastIndexOf('-')).replaceAll("\\.[^.]*$", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(List.of("okhttp3", "okhttp3.internal.connection", "okhttp3.internal.http",
                    "org.apache.hc.client5.http.impl.async", "org.apache.hc.client5.http.impl.classic",
                    "org.apache.hc.client5.http.impl.compat",
                    "org.apache.hc.core5.http.io", "org.apache.hc.core5.http.nio.support.classic",
                    "org.apache.http.conn", "org.apache.http.impl.client", "org.apache.http.impl.execchain", "org.eclipse.jetty.client",
                    "org.eclipse.jetty.client.transport", "reactor.netty.channel", "reactor.netty.http.client",
                    "reactor.netty.internal.shaded.reactor.pool")), shipped, "the packages of the shipped classes");
            assertTrue(Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(WOVEN) && !n.endsWith("/"))
                    .allMatch(n -> n.matches("META-INF/bodycheck/woven/[\\w.$]+-[0-9a-f]{1,8}\\.woven")));
            assertTrue(jar.getEntry("dev/bodycheck/shaded/net/bytebuddy/ByteBuddy.class") != null);
            assertTrue(jar.getEntry("dev/bodycheck/shaded/net/bytebuddy/agent/ByteBuddyAgent.class") != null);
            Attributes m = jar.getManifest().getMainAttributes();
            assertEquals("dev.bodycheck.agent.Agent", m.getValue("Premain-Class"));
            assertEquals("dev.bodycheck.agent.Agent", m.getValue("Agent-Class"));
            assertEquals("dev.bodycheck.agent.Agent", m.getValue("Main-Class"));
            assertEquals("true", m.getValue("Can-Retransform-Classes"));
        }
    }

    /**
     * The jar carries the project's license, and a notice naming the code of others inside it with their licenses
     * (Byte Buddy's Apache License 2.0, ASM's BSD license in full, as Byte Buddy ships it).
     */
    @Test
    void carriesItsLicenseAndANoticeOfTheShadedCode() throws Exception {
        Path root = Paths.get(System.getProperty("it.root"));
        try (JarFile jar = new JarFile(Fork.agentJar().toFile())) {
            assertArrayEquals(Files.readAllBytes(root.resolve("LICENSE")), read(jar, "META-INF/LICENSE"));
            assertTrue(new String(read(jar, "META-INF/LICENSE"), StandardCharsets.UTF_8).contains("Apache License\n"
                    + "                           Version 2.0, January 2004"));
            String notice = new String(read(jar, "META-INF/NOTICE"), StandardCharsets.UTF_8);
            assertEquals(Files.readString(root.resolve("NOTICE")), notice);
            assertTrue(notice.contains("\nByte Buddy (") && notice.contains("\nASM (") && notice.contains("META-INF/licenses/ASM"),
                    notice);
            assertTrue(new String(read(jar, "META-INF/licenses/ASM"), StandardCharsets.UTF_8)
                    .startsWith("ASM: a very small and fast Java bytecode manipulation framework"));
        }
    }

    /**
     * The SBOM in the jar (the file installed beside it as {@code -cyclonedx.json} is the same) lists what the jar
     * holds beyond the agent's own module: the transport and the test API, Byte Buddy at the version the build
     * shaded, and the ASM inside that Byte Buddy at the version Byte Buddy's own build names ({@code version.asm}
     * of its parent pom), each with its license.
     */
    @Test
    void theSbomNamesTheShadedByteBuddyAndAsmWithTheirVersionsAndLicenses() throws Exception {
        String version = System.getProperty("it.version");
        String byteBuddy = System.getProperty("it.bytebuddy.version");
        Path byteBuddyParent = Paths.get(System.getProperty("it.localRepository"), "net", "bytebuddy", "byte-buddy-parent",
                byteBuddy, "byte-buddy-parent-" + byteBuddy + ".pom");
        Matcher asmVersion = Pattern.compile("<version\\.asm>([^<]+)</version\\.asm>").matcher(Files.readString(byteBuddyParent));
        assertTrue(asmVersion.find(), byteBuddyParent.toString());
        String asm = asmVersion.group(1);
        JsonNode sbom;
        try (JarFile jar = new JarFile(Fork.agentJar().toFile())) {
            assertNotNull(jar.getEntry("META-INF/sbom/bodycheck-agent.cdx.json"),
                    "no SBOM in the jar: the CycloneDX plugin skips its goal when Maven runs offline (-o)");
            sbom = new ObjectMapper().readTree(read(jar, "META-INF/sbom/bodycheck-agent.cdx.json"));
        }
        assertEquals("CycloneDX", sbom.path("bomFormat").asText());
        assertEquals("pkg:maven/dev.bodycheck/bodycheck-agent@" + version + "?type=jar",
                sbom.path("metadata").path("component").path("purl").asText());
        Map<String, String> components = new TreeMap<>();
        for (JsonNode c : sbom.path("components")) {
            List<String> licenses = new ArrayList<>();
            c.path("licenses").forEach(l -> licenses.add(l.path("license").path("id").asText()));
            components.put(c.path("purl").asText(), String.join(" ", licenses));
        }
        assertEquals(Map.of(
                "pkg:maven/dev.bodycheck/bodycheck-transport@" + version + "?type=jar", "Apache-2.0",
                "pkg:maven/dev.bodycheck/bodycheck-junit@" + version + "?type=jar", "Apache-2.0",
                "pkg:maven/net.bytebuddy/byte-buddy@" + byteBuddy + "?type=jar", "Apache-2.0",
                "pkg:maven/net.bytebuddy/byte-buddy-agent@" + byteBuddy + "?type=jar", "Apache-2.0",
                "pkg:maven/org.ow2.asm/asm@" + asm + "?type=jar", "BSD-3-Clause",
                "pkg:maven/org.ow2.asm/asm-commons@" + asm + "?type=jar", "BSD-3-Clause"), components);
    }

    /**
     * Beside the jar, its sources jar holds the source of every class of ours in it, the nested runtime's included,
     * and its javadoc jar documents the test API.
     */
    @Test
    void theSourcesJarHoldsTheSourceOfEveryClassOfOursAndTheJavadocTheTestApi() throws Exception {
        Path agent = Fork.agentJar();
        Set<String> classes = new TreeSet<>();
        try (JarFile jar = new JarFile(agent.toFile())) {
            Path nested = dir.resolve("runtime.jar");
            Files.write(nested, read(jar, "META-INF/bodycheck/bodycheck-runtime.jar"));
            for (JarFile j : List.of(jar, new JarFile(nested.toFile()))) {
                try (j) {
                    Collections.list(j.entries()).stream().map(e -> e.getName())
                            .filter(n -> n.startsWith("dev/bodycheck/") && !n.startsWith("dev/bodycheck/shaded/")
                                    && n.endsWith(".class"))
                            .map(n -> n.replaceFirst("(\\$.*)?\\.class$", ".java")).forEach(classes::add);
                }
            }
        }
        assertTrue(classes.containsAll(List.of("dev/bodycheck/agent/Agent.java", "dev/bodycheck/runtime/Tracker.java",
                "dev/bodycheck/transport/Connection.java", "dev/bodycheck/junit/NoBodyLeaks.java")), classes.toString());
        try (JarFile sources = new JarFile(agent.resolveSibling("bodycheck-agent-sources.jar").toFile())) {
            List<String> missing = classes.stream().filter(c -> sources.getEntry(c) == null).collect(Collectors.toList());
            assertEquals(List.of(), missing);
            assertNotNull(sources.getEntry("META-INF/LICENSE"));
        }
        try (JarFile javadoc = new JarFile(agent.resolveSibling("bodycheck-agent-javadoc.jar").toFile())) {
            assertNotNull(javadoc.getEntry("dev/bodycheck/junit/NoBodyLeaks.html"));
            assertNotNull(javadoc.getEntry("dev/bodycheck/BodyCheck.html"));
        }
    }

    private static byte[] read(JarFile jar, String entry) throws Exception {
        try (var in = jar.getInputStream(jar.getEntry(entry))) {
            return in.readAllBytes();
        }
    }

    /**
     * The runtime must be defined once, by the bootstrap loader: its classes travel only inside the nested
     * bootstrap jar (a copy at the root would let the application loader define a second one), and they
     * read the JDK alone.
     */
    @Test
    void theRuntimeIsOnlyInTheNestedBootstrapJarAndNamesNoLibrary() throws Exception {
        List<String> runtime;
        try (JarFile jar = new JarFile(Fork.agentJar().toFile())) {
            List<String> atRoot = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("dev/bodycheck/runtime/") || n.equals("dev/bodycheck/UnclosedBodyError.class")
                            || n.endsWith("module-info.class"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), atRoot, "runtime classes outside the nested bootstrap jar");
            Path nested = dir.resolve("runtime.jar");
            try (var in = jar.getInputStream(jar.getEntry("META-INF/bodycheck/bodycheck-runtime.jar"))) {
                Files.copy(in, nested);
            }
            runtime = Collections.list(new JarFile(nested.toFile()).entries()).stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class")).collect(Collectors.toList());
            try (JarFile inner = new JarFile(nested.toFile())) {
                for (String name : runtime) {
                    assertTrue(name.startsWith("dev/bodycheck/runtime/") || name.equals("dev/bodycheck/UnclosedBodyError.class")
                            || name.equals("module-info.class"), name);
                    String constants = new String(inner.getInputStream(inner.getEntry(name)).readAllBytes(),
                            StandardCharsets.ISO_8859_1);
                    for (String foreign : List.of("okhttp3/", "okio/", "org/apache/", "net/bytebuddy/", "dev/bodycheck/shaded/",
                            "dev/bodycheck/agent/", "dev/bodycheck/instrument/", "dev/bodycheck/transport/",
                            "dev/bodycheck/junit/", "org/junit/", "kotlin/")) {
                        assertFalse(constants.contains(foreign), name + " names " + foreign);
                    }
                }
                java.lang.module.ModuleDescriptor module = java.lang.module.ModuleDescriptor.read(
                        inner.getInputStream(inner.getEntry("module-info.class")));
                assertEquals(Set.of("java.base", "java.logging", "java.management", "jdk.jfr"), module.requires().stream()
                        .map(java.lang.module.ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
                // JFR and JUL are optional: a runtime image without them runs the agent, with no events, and logs
                // through whatever System.Logger it has
                for (String optional : List.of("jdk.jfr", "java.logging")) {
                    assertTrue(module.requires().stream().anyMatch(r -> r.name().equals(optional)
                            && r.modifiers().contains(java.lang.module.ModuleDescriptor.Requires.Modifier.STATIC)),
                            module.toString());
                }
            }
        }
        assertTrue(runtime.contains("dev/bodycheck/runtime/Tracker.class"), runtime.toString());
        assertTrue(runtime.contains("dev/bodycheck/UnclosedBodyError.class"), runtime.toString());
    }

    @Test
    void javaDashJarPrintsVersionUsageAndEveryOption() throws Exception {
        Process p = new ProcessBuilder(Jdk.all().get(0).java().toString(), "-jar", Fork.agentJar().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(out.startsWith("bodycheck 0."), out);
        for (String key : List.of("clients", "report", "log", "stacks", "failFast", "openWarn", "redact", "ignore")) {
            assertTrue(out.contains("\n  " + key + " "), key + " in\n" + out);
        }
        assertTrue(out.contains("attach <pid>"), out);
        for (String client : List.of("jdk", "urlconnection", "apache4", "apache5", "okhttp", "reactor-netty", "reference")) {
            assertTrue(out.contains("\n  " + client + " "), client + " in\n" + out);
        }
    }

    @Test
    void badOptionsGiveOneLineEachAndTheApplicationRunsWithDefaults() throws Exception {
        try (Servers servers = new Servers()) {
            Result r = Fork.on(Jdk.all().get(0)).libs("okhttp4").agentOptions("stacks=some,colour=red")
                    .run(Scenarios.class.getName(), "dev.bodycheck.it.app.OkHttpAdapter", servers.fixedBase(),
                            servers.chunkedBase(), servers.closeDelimitedBase(), "drop");
            List<String> lines = r.stderr().lines().filter(l -> l.startsWith("bodycheck: ")).collect(Collectors.toList());
            assertEquals(2, lines.size(), r.stderr());
            assertTrue(lines.get(0).contains("'stacks' has a bad value 'some'; allowed: auto, all, none, or a sampling "
                    + "rate 1/N; using the default 'auto'"), lines.get(0));
            assertTrue(lines.get(1).contains("unknown option 'colour'"), lines.get(1));
            assertEquals(1, r.events().of("leak").size(), r.toString());
            // stacks=auto is in force: an endpoint's first leak has no stack and names the endpoint
            assertEquals(0, r.events().of("leak").get(0).path("stack").size(), r.toString());
            assertTrue(r.events().of("leak").get(0).path("endpoint").asText().startsWith("GET 127.0.0.1:"),
                    r.toString());
        }
    }

    @Test
    void aCommaBetweenClientsTracksEachAndAMisspeltKeyNamesTheNearestOne() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            try (Servers servers = new Servers()) {
                Result r = Fork.on(jdk).libs("okhttp4").agentOptions("clients=okhttp,jdk,failfast=true")
                        .run(Scenarios.class.getName(), "dev.bodycheck.it.app.OkHttpAdapter,"
                                + "dev.bodycheck.it.app.JdkHttpClientAdapter,dev.bodycheck.it.app.UrlConnectionAdapter",
                                servers.fixedBase(), servers.chunkedBase(), servers.closeDelimitedBase(), "drop");
                List<String> lines = r.stderr().lines().filter(l -> l.startsWith("bodycheck: ")).collect(Collectors.toList());
                assertEquals(List.of("bodycheck: unknown option 'failfast'; did you mean 'failFast'? ignored"), lines,
                        r.stderr());
                List<String> leaked = r.events().of("leak").stream().map(e -> e.path("client").asText()).sorted()
                        .collect(Collectors.toList());
                assertEquals(List.of("jdk", "okhttp"), leaked, "urlconnection is not tracked: " + r);
                JsonNode clients = r.events().summary().path("clients");
                assertEquals(1, clients.path("okhttp").path("leaked").asInt(), r.toString());
                assertEquals(1, clients.path("jdk").path("leaked").asInt(), r.toString());
                assertEquals(0, clients.path("urlconnection").path("opened").asInt(), r.toString());
            }
        }
    }

    @Test
    void anUnwritableReportFileGivesOneLineAndLoggingGoesOn() throws Exception {
        try (Servers servers = new Servers()) {
            Path report = dir.resolve("no/such/dir/leaks.jsonl");
            Process p = new ProcessBuilder(Jdk.all().get(0).java().toString(),
                    "-javaagent:" + Fork.agentJar() + "=log=stderr,report=" + report, "-cp", Fork.classpath("okhttp4"),
                    Scenarios.class.getName(), "dev.bodycheck.it.app.OkHttpAdapter", servers.fixedBase(),
                    servers.chunkedBase(), servers.closeDelimitedBase(), "drop", "partial").start();
            p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), err);
            List<String> problems = err.lines().filter(l -> l.startsWith("bodycheck: cannot write the report file"))
                    .collect(Collectors.toList());
            assertEquals(1, problems.size(), err);
            assertTrue(problems.get(0).endsWith("JSON reports are off, log reports go on"), problems.get(0));
            assertEquals(2, err.lines().filter(l -> l.startsWith("LEAK: okhttp GET ")).count(), err);
            assertTrue(err.contains("bodycheck summary: opened=2"), err);
        }
    }

    /**
     * Nothing at all on the JVM's output at a clean start: the runtime reaches the bootstrap loader without
     * appending to its search path, which made the JVM warn "Sharing is only supported for boot loader classes
     * because bootstrap classpath has been appended".
     */
    @Test
    void withoutAnyHttpLibraryTheApplicationRunsQuietly() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).run("dev.bodycheck.it.app.Hello");
            assertEquals("hello\n", r.stdout(), jdk.toString());
            assertEquals("", r.stderr(), jdk.toString());
            assertEquals(0, r.events().summary().path("opened").asInt());
        }
    }

    /**
     * The application's own classes still come from its class-data sharing archive with the agent on: an
     * archive of the program made without the agent serves its main class to a run with it (the archive
     * takes jars only, so the program is packed into one).
     */
    @Test
    void theApplicationKeepsItsClassDataSharingArchive() throws Exception {
        Path app = dir.resolve("hello.jar");
        String entry = "dev/bodycheck/it/app/Hello.class";
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(app))) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            out.write(Files.readAllBytes(Path.of(System.getProperty("it.classes"), entry)));
            out.closeEntry();
        }
        for (Jdk jdk : Jdk.all()) {
            Path archive = dir.resolve("hello-" + jdk.major() + ".jsa");
            String dump = run(jdk.java().toString(), "-XX:ArchiveClassesAtExit=" + archive, "-cp", app.toString(),
                    "dev.bodycheck.it.app.Hello");
            assertTrue(Files.isRegularFile(archive), jdk + "\n" + dump);
            String out = run(jdk.java().toString(), "-javaagent:" + Fork.agentJar(), "-XX:SharedArchiveFile=" + archive,
                    "-Xlog:class+load=info", "-cp", app.toString(), "dev.bodycheck.it.app.Hello");
            assertFalse(out.contains("Sharing is only supported"), out);
            assertTrue(out.lines().anyMatch(l -> l.endsWith(" dev.bodycheck.it.app.Hello source: shared objects file (top)")),
                    jdk + ": the main class was not taken from the archive\n" + out.lines()
                            .filter(l -> l.contains("app.Hello") || l.contains("cds") || l.contains("Sharing"))
                            .collect(Collectors.joining("\n")));
        }
    }

    /** Runs a command to its end (exit 0) and returns its stdout and stderr together. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aLibraryOfAnUnknownShapeIsSkippedWithOneLineAndTheRestIsTracked() throws Exception {
        // an "OkHttp" whose Exchange has no openResponseBody: weaving it would mistrack every body
        Path src = dir.resolve("src/okhttp3/internal/connection");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Exchange.java"), "package okhttp3.internal.connection;\n"
                + "public class Exchange { public static void main(String[] a) { System.out.println(\"odd okhttp\"); } }\n");
        Path classes = dir.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Exchange.java").toString()));
        Process p = new ProcessBuilder(Jdk.all().get(0).java().toString(),
                "-javaagent:" + Fork.agentJar() + "=log=stderr", "-cp", classes.toString(),
                "okhttp3.internal.connection.Exchange").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals("odd okhttp\n", out);
        List<String> lines = err.lines().filter(l -> l.startsWith("bodycheck: ")).collect(Collectors.toList());
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("bodycheck: okhttp skipped: a version this agent does not know ("), err);
        assertTrue(lines.get(0).contains("the other clients are"), err);
    }
}
