package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.it.app.Scenarios;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar itself: its contents, its manifest, its command line, and how it treats bad input. */
class AgentJarIT {
    @TempDir
    Path dir;

    @Test
    void holdsOnlyOurPackagesWithByteBuddyRelocatedAndTheManifestOfTheSpec() throws Exception {
        try (JarFile jar = new JarFile(Fork.agentJar().toFile())) {
            List<String> foreign = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> !n.startsWith("dev/bodycheck/") && !n.startsWith("META-INF/") && !n.equals("dev/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), foreign);
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
                assertEquals(Set.of("java.base", "java.management", "jdk.jfr"), module.requires().stream()
                        .map(java.lang.module.ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
                // JFR is optional: a runtime image without it runs the agent, with no events
                assertTrue(module.requires().stream().anyMatch(r -> r.name().equals("jdk.jfr")
                        && r.modifiers().contains(java.lang.module.ModuleDescriptor.Requires.Modifier.STATIC)),
                        module.toString());
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
