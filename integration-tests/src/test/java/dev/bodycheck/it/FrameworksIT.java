package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.Servers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The client frameworks that sit between applications and the HTTP libraries, the real ones, in forked JVMs
 * with the built agent on every JDK: each leak case must be reported once, with {@code stack[0]} the test
 * program's own request line and the framework's frames on {@code via}; each clean twin (closed by the
 * program, or buffered and closed by the framework itself) must not be reported. One JVM per framework and
 * JDK runs all of that framework's cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameworksIT {
    private Servers servers;

    /** One request of a test program: the path it requests, and the client that must report it (null: clean). */
    private record Case(String name, String path, String client, String viaPrefix) {
        static Case leak(String name, String client, String viaPrefix) {
            return new Case(name, name, client, viaPrefix);
        }

        static Case clean(String name) {
            return new Case(name, name, null, null);
        }

        Case big() {
            return new Case(name, "big-" + name, client, viaPrefix);
        }

        /** Served gzip-encoded, whatever the client asked (see Servers: a few hundred bytes on the wire). */
        Case gzip() {
            return new Case(name, "gzip-" + name, client, viaPrefix);
        }
    }

    @BeforeAll
    void startServers() {
        servers = new Servers();
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> retrofit() {
        return framework("dev.bodycheck.it.frameworks.RetrofitApp", List.of("retrofit", "okhttp4"), List.of(
                Case.leak("retrofit-streaming-execute", "okhttp", "retrofit2."),
                Case.clean("retrofit-streaming-execute-closed"),
                Case.leak("retrofit-streaming-enqueue", "okhttp", "retrofit2."),
                Case.clean("retrofit-streaming-enqueue-closed"),
                Case.clean("retrofit-buffered-execute")));
    }

    /**
     * {@code skipPackages} takes a vendor SDK between the application and Retrofit off stack[0] and puts it on
     * {@code via}; a bad {@code appPackages} gives one line and leaves the automatic choice.
     */
    @TestFactory
    Stream<DynamicNode> options() {
        return framework("dev.bodycheck.it.frameworks.RetrofitApp", List.of("retrofit", "okhttp4"),
                "skipPackages=dev.bodycheck.it.frameworks.sdk,appPackages=dev..bad", List.of(
                        Case.leak("retrofit-sdk-streaming-execute", "okhttp", "dev.bodycheck.it.frameworks.sdk.OrdersSdk.fetch("),
                        Case.clean("retrofit-streaming-execute-closed")),
                r -> assertEquals(List.of("bodycheck: option 'appPackages' has a bad value 'dev..bad'; allowed: package "
                        + "prefixes joined by '+', e.g. com.acme+org.example; using the default 'none (automatic)'"),
                        r.stderr().lines().filter(l -> l.startsWith("bodycheck: option")).toList(), r.stderr()));
    }

    @TestFactory
    Stream<DynamicNode> spring() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> clients = Map.of("simple", "urlconnection", "hc5", "apache5", "jdk", "jdk");
        for (String factory : List.of("simple", "hc5", "jdk")) {
            cases.add(Case.leak("spring-restclient-" + factory + "-exchange-open", clients.get(factory),
                    "org.springframework."));
            cases.add(Case.clean("spring-restclient-" + factory + "-exchange-closed"));
            cases.add(Case.clean("spring-restclient-" + factory + "-retrieve"));
            cases.add(Case.leak("spring-resttemplate-" + factory + "-factory-open", clients.get(factory),
                    "org.springframework."));
            cases.add(Case.clean("spring-resttemplate-" + factory + "-execute"));
            cases.add(Case.clean("spring-resttemplate-" + factory + "-get"));
        }
        return framework("dev.bodycheck.it.frameworks.SpringApp", List.of("spring", "apache5"), cases);
    }

    /**
     * Spring's {@code WebClient} on Reactor Netty ({@code reactor-netty}), with a pool of one connection: the
     * three correct uses read or release the body (no report, the pool is never refused); the entity whose body
     * {@code Flux} (256 KiB) is never subscribed is found leaked at the collection after it, at the program's line,
     * and still holds the connection: the next request is refused by the pool, and {@code pool-exhausted} names
     * that line among the leaked ones. (The connectors and their twins: {@link WebClientIT}.)
     */
    @TestFactory
    Stream<DynamicNode> springWebClient() {
        String leak = "webclient-entity-flux-unsubscribed";
        List<String> clean = List.of("webclient-retrieve-mono", "webclient-exchange-ignores-body", "webclient-retrieve-flux");
        return Jdk.all().stream().map(jdk -> {
            List<String> args = new ArrayList<>(List.of(servers.fixedBase()));
            args.addAll(clean);
            args.add(leak);
            args.add("webclient-next-retrieve-mono");
            Result r;
            try {
                r = Fork.on(jdk).libs("spring").libs("reactor-netty12").run("dev.bodycheck.it.frameworks.WebClientApp",
                        args.toArray(new String[0]));
            } catch (Exception e) {
                throw new AssertionError("WebClientApp on " + jdk, e);
            }
            List<DynamicNode> tests = new ArrayList<>();
            for (String c : clean) {
                tests.add(dynamicTest(c + " is not reported", () -> {
                    assertEquals(List.of(), r.events().leaksAt("/it/" + c), r.toString());
                    assertTrue(r.stdout().contains("MARK " + c + " "), "the case ran\n" + r);
                    assertFalse(r.stdout().contains("REFUSED " + c + " "), r.toString());
                }));
            }
            tests.add(dynamicTest(leak + " is one leak at the program's line", () -> {
                List<JsonNode> leaks = r.events().leaksAt("/it/big-" + leak);
                assertEquals(1, leaks.size(), r.toString());
                JsonNode l = leaks.get(0);
                assertEquals("reactor-netty", l.path("client").asText());
                assertEquals(servers.fixedBase() + "/it/big-" + leak, l.path("url").asText(), l.toString());
                assertEquals(r.mark(leak), l.path("stack").path(0).asText(), "stack[0] is the program's line\n" + l);
                assertTrue(l.path("via").path(0).asText().startsWith("reactor.core.publisher.Mono.block("), l.toString());
            }));
            tests.add(dynamicTest("the next request is refused, and pool-exhausted names the leaked line", () -> {
                assertTrue(r.stdout().contains("REFUSED webclient-next-retrieve-mono "), r.toString());
                List<JsonNode> events = r.events().of("pool-exhausted");
                assertEquals(1, events.size(), r.toString());
                JsonNode e = events.get(0);
                assertEquals("reactor-netty", e.path("client").asText());
                assertTrue(e.path("detail").asText().contains("pending for more than the configured timeout"), e.toString());
                assertEquals(0, e.path("open").asInt(), e.toString());
                assertEquals(1, e.path("leakedSites").size(), e.toString());
                assertEquals(r.mark(leak), e.path("leakedSites").path(0).path("frame").asText(), e.toString());
            }));
            tests.add(dynamicTest("summary: the clean ones consumed, the dropped one leaked, no agent trouble", () -> {
                JsonNode s = r.events().summary().path("clients").path("reactor-netty");
                assertEquals(4, s.path("opened").asInt(), r.toString());
                assertEquals(3, s.path("consumed").asInt(), r.toString());
                assertEquals(1, s.path("leaked").asInt(), r.toString());
                assertEquals(0, s.path("open").asInt(), r.toString());
                assertEquals(1, r.events().of("leak").size(), r.toString());
                assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
                assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
                assertTrue(r.stdout().contains("DONE"), r.toString());
            }));
            return dynamicContainer(jdk.name(), tests);
        });
    }

    @TestFactory
    Stream<DynamicNode> openFeign() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> clients = Map.of("default", "urlconnection", "okhttp", "okhttp", "hc5", "apache5");
        for (String transport : List.of("default", "okhttp", "hc5")) {
            String p = "feign-" + transport + "-";
            cases.add(Case.leak(p + "big-response-dropped", clients.get(transport), "feign.").big());
            cases.add(Case.clean(p + "big-response-closed").big());
            cases.add(Case.clean(p + "small-response-dropped"));
            cases.add((transport.equals("default") ? Case.clean(p + "small-compressed-response-dropped")
                    : Case.leak(p + "small-compressed-response-dropped", clients.get(transport), "feign.")).gzip());
            cases.add(Case.clean(p + "string"));
        }
        return framework("dev.bodycheck.it.frameworks.FeignApp", List.of("feign", "okhttp4", "apache5"), cases);
    }

    @TestFactory
    Stream<DynamicNode> jersey() {
        return framework("dev.bodycheck.it.frameworks.JaxRsApp", List.of("jersey"), List.of(
                Case.leak("jersey-response-dropped", "urlconnection", "org.glassfish.jersey."),
                Case.clean("jersey-response-closed"),
                Case.clean("jersey-read-entity"),
                Case.clean("jersey-get-string")));
    }

    @TestFactory
    Stream<DynamicNode> googleHttpClient() {
        return framework("dev.bodycheck.it.frameworks.GoogleHttpApp", List.of("google-http"), List.of(
                Case.leak("google-never-disconnected", "urlconnection", "com.google.api.client."),
                Case.clean("google-disconnected"),
                Case.clean("google-parse-as-string")));
    }

    @TestFactory
    Stream<DynamicNode> resteasy() {
        return framework("dev.bodycheck.it.frameworks.JaxRsApp", List.of("resteasy", "apache4"), List.of(
                Case.leak("resteasy-response-dropped", "apache4", "org.jboss.resteasy."),
                Case.clean("resteasy-response-closed"),
                Case.clean("resteasy-read-entity"),
                Case.clean("resteasy-get-string")));
    }

    @TestFactory
    Stream<DynamicNode> awsSdkS3() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> clients = Map.of("apache", "apache4", "apache5", "apache5", "urlconnection", "urlconnection");
        for (String transport : List.of("apache", "apache5", "urlconnection")) {
            String p = "s3-" + transport + "-";
            cases.add(Case.leak(p + "big-partly-read-dropped", clients.get(transport), "software.amazon.awssdk.").big());
            cases.add(Case.clean(p + "stream-closed"));
            cases.add(Case.clean(p + "as-bytes"));
        }
        return framework("dev.bodycheck.it.frameworks.S3App", List.of("awssdk", "apache4", "apache5"), cases);
    }

    private Stream<DynamicNode> framework(String program, List<String> libs, List<Case> cases) {
        return framework(program, libs, "", cases, null);
    }

    private Stream<DynamicNode> framework(String program, List<String> libs, String options, List<Case> cases,
            Consumer<Result> more) {
        return Jdk.all().stream().map(jdk -> {
            Result r = run(jdk, program, libs, options, cases);
            List<DynamicNode> tests = new ArrayList<>();
            for (Case c : cases) {
                if (c.client() != null) {
                    tests.add(dynamicTest(c.name() + " is one leak at the program's line", () -> assertLeak(r, c)));
                } else {
                    tests.add(dynamicTest(c.name() + " is not reported", () -> assertEquals(List.of(),
                            r.events().leaksAt("/it/" + c.path()), "no report for " + c.name() + "\n" + r)));
                }
            }
            tests.add(dynamicTest("no other report, one site per line, no agent trouble", () -> assertAll(r, cases)));
            if (!options.isEmpty()) {
                tests.add(dynamicTest("options: " + options, () -> more.accept(r)));
            }
            return dynamicContainer(jdk.name(), tests);
        });
    }

    private Result run(Jdk jdk, String program, List<String> libs, String options, List<Case> cases) {
        Fork fork = Fork.on(jdk).agentOptions(options);
        libs.forEach(fork::libs);
        List<String> args = new ArrayList<>(List.of(servers.fixedBase()));
        cases.forEach(c -> args.add(c.name()));
        try {
            return fork.run(program, args.toArray(new String[0]));
        } catch (Exception e) {
            throw new AssertionError(program + " on " + jdk, e);
        }
    }

    private void assertLeak(Result r, Case c) {
        List<JsonNode> leaks = r.events().leaksAt("/it/" + c.path());
        assertEquals(1, leaks.size(), "one leak report for " + c.name() + "\n" + r);
        JsonNode leak = leaks.get(0);
        assertEquals(c.client(), leak.path("client").asText(), "client\n" + leak);
        assertEquals("GET", leak.path("method").asText());
        assertEquals(servers.fixedBase() + "/it/" + c.path(), leak.path("url").asText());
        assertEquals(200, leak.path("status").asInt());
        assertEquals("main", leak.path("thread").asText(), "the thread that made the request");
        String line = r.mark(c.name());
        assertEquals(line, leak.path("stack").path(0).asText(), "stack[0] is the program's request line\n" + leak);
        JsonNode via = leak.path("via");
        assertTrue(via.size() >= 1 && via.size() <= 5, "via: 1 to 5 framework frames\n" + leak);
        assertTrue(via.path(0).asText().startsWith(c.viaPrefix()), "via[0] is the framework's\n" + leak);
        for (JsonNode v : via) {
            String f = v.asText();
            assertFalse(f.startsWith("java.") || f.startsWith("jdk.") || f.startsWith("sun.") || f.startsWith("okhttp3.")
                    || f.startsWith("org.apache.") || f.matches("dev\\.bodycheck\\.(runtime|agent|instrument|transport)\\..*"),
                    "no JDK, library or agent frame on via\n" + leak);
        }
        // the LEAK block: its via line just under the first line, then the program's line
        String block = leakBlock(r, c.path());
        String[] lines = block.split("\n");
        assertTrue(lines.length > 2 && lines[1].startsWith("\tvia " + via.path(0).asText()), block);
        assertEquals("\tat " + line, lines[2], block);
        // the measured row of docs/clients.md's table
        System.out.println("FRAMEWORK " + r.jdk().name() + " " + c.name() + " " + c.client() + " stack[0]=" + line
                + " " + lines[1].trim());
    }

    private static String leakBlock(Result r, String path) {
        String[] lines = r.stderr().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("LEAK: ") && lines[i].contains("/it/" + path + " ")) {
                StringBuilder b = new StringBuilder(lines[i]);
                for (int j = i + 1; j < lines.length && lines[j].startsWith("\t"); j++) {
                    b.append('\n').append(lines[j]);
                }
                return b.toString();
            }
        }
        throw new AssertionError("no LEAK block for /it/" + path + "\n" + r.stderr());
    }

    private void assertAll(Result r, List<Case> cases) {
        long leaks = cases.stream().filter(c -> c.client() != null).count();
        assertEquals(leaks, r.events().of("leak").size(), "no other leak\n" + r);
        assertEquals(leaks, r.events().summary().path("leaked").asInt(), "summary\n" + r);
        assertEquals(0, r.events().of("open-too-long").size());
        // one application line of one client is one site, whichever framework path led to it
        Map<String, String> siteOfLine = new HashMap<>();
        Map<String, String> lineOfSite = new HashMap<>();
        for (JsonNode leak : r.events().of("leak")) {
            String line = leak.path("client").asText() + " " + leak.path("stack").path(0).asText();
            String site = leak.path("site").asText();
            assertEquals(siteOfLine.computeIfAbsent(line, k -> site), site, "one site for " + line + "\n" + r);
            assertEquals(lineOfSite.computeIfAbsent(site, k -> line), line, "one line for site " + site + "\n" + r);
        }
        assertFalse(r.stderr().contains("bodycheck: internal error"), r.stderr());
        assertFalse(r.stderr().contains("could not instrument"), r.stderr());
        assertFalse(r.stderr().contains(" skipped: a version"), r.stderr());
        assertTrue(r.stdout().contains("DONE"), r.toString());
    }
}
