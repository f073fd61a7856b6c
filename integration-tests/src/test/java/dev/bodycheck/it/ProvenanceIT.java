package dev.bodycheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bodycheck.it.harness.Fork;
import dev.bodycheck.it.harness.Jdk;
import dev.bodycheck.it.harness.Result;
import dev.bodycheck.it.harness.SampleBuild;
import dev.bodycheck.it.harness.Servers;
import dev.bodycheck.it.harness.SurefireRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The application's line is chosen by where classes come from, not by a list of names: a vendor's client library on
 * no list, as a jar, between the application and OkHttp or the JDK client (samples/vendor-app, built by this test),
 * with the application's classes in a class directory and in a Spring Boot executable jar; the same program as a
 * shaded uber-jar, where the list decides; and an application in a package that begins with a framework's prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvenanceIT {
    private static final Path CHECKOUT = Paths.get("samples/vendor-app/shop/src/main/java/com/shop/Checkout.java");
    private static final Path PAYFAST = Paths.get("samples/vendor-app/payfast/src/main/java/io/payfast/client/PayFast.java");
    private Servers servers;
    private SampleBuild sample;

    @BeforeAll
    void start() throws Exception {
        servers = new Servers();
        sample = SampleBuild.packaged("vendor-app", "-Dspring-boot.version=" + System.getProperty("it.springBootVersion"));
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
        sample.close();
    }

    @Test
    void fromAClassDirectoryTheApplicationsLineIsStackZeroAndTheVendorIsOnVia() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("okhttp4").classpathEntry(sample.path("payfast/target/payfast-1.jar").toString())
                    .classpathEntry(sample.path("shop/target/classes").toString()).run("com.shop.Checkout", servers.fixedBase());
            assertCheckout(r, false);
        }
    }

    @Test
    void inASpringBootJarTheApplicationIsItsBootInfClasses() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            assertCheckout(Fork.on(jdk).runJar(sample.path("shop/target/shop-1-boot.jar"), servers.fixedBase()), false);
        }
    }

    @Test
    void inAShadedJarTheListDecides() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            assertCheckout(Fork.on(jdk).runJar(sample.path("shop/target/shop-1-shaded.jar"), servers.fixedBase()), true);
        }
    }

    @Test
    void anApplicationInAFrameworksPackageIsTheApplication() throws Exception {
        for (Jdk jdk : Jdk.all()) {
            Result r = Fork.on(jdk).libs("feign").run("feign.example.Orders", servers.fixedBase());
            List<JsonNode> leaks = r.events().of("leak");
            assertEquals(1, leaks.size(), r.toString());
            JsonNode leak = leaks.get(0);
            assertEquals(servers.fixedBase() + "/it/big-feign-example-dropped", leak.path("url").asText(), r.toString());
            assertEquals("urlconnection", leak.path("client").asText());
            assertEquals("feign.example.Orders.main(Orders.java:"
                    + lineOf(Paths.get("src/test/java/feign/example/Orders.java"), "// LEAK feign-example") + ")",
                    leak.path("stack").path(0).asText(), r.toString());
            assertTrue(leak.path("via").path(0).asText().startsWith("feign."), r.toString());
            assertEquals(2, r.events().summary().path("opened").asInt(), r.toString());
            assertEquals(1, r.events().summary().path("closed").asInt(), r.toString());
        }
    }

    /**
     * A JUnit suite whose tests share the package of the code they test, under a framework's prefix (samples/
     * surefire-app's feign.suite, run by Surefire with failFast): each leaking test fails naming Gateway's line and
     * its own; three leaking lines are three sites, and one line reached from three tests one site with three paths.
     */
    @Test
    void aSuiteInThePackageOfItsCodeFailsEachTestAtTheLineAndNamesTheTest() throws Exception {
        Path gateway = Paths.get("samples/surefire-app/src/main/java/feign/suite/Gateway.java");
        Path tests = Paths.get("samples/surefire-app/src/test/java/feign/suite/GatewayTest.java");
        String[][] leaks = {{"ordersDropped", "orders", "orders"}, {"invoicesDropped", "invoices", "invoices"},
            {"refundsDropped", "refunds", "refunds"}, {"statusDroppedByOne", "status", "status-one"},
            {"statusDroppedByTwo", "status", "status-two"}, {"statusDroppedByThree", "status", "status-three"}};
        for (Jdk jdk : List.of(Jdk.all().get(0), Jdk.all().get(Jdk.all().size() - 1))) {
            Path report = Files.createTempFile("bodycheck-suite", ".jsonl");
            try {
                SurefireRun run = SurefireRun.of(jdk, "GatewayTest", "failFast=true,report=" + report, "",
                        List.of("-Dsample.base=" + servers.fixedBase()));
                String where = jdk + "\n" + run;
                java.util.Set<String> failed = new java.util.TreeSet<>();
                for (String[] leak : leaks) {
                    failed.add("GatewayTest#" + leak[0]);
                    String first = "1 response body leaked in " + leak[0] + "(): okhttp GET " + servers.fixedBase()
                            + "/it/suite-" + leak[2] + " status=200 at feign.suite.Gateway." + leak[1]
                            + "(Gateway.java:" + lineOf(gateway, "// SITE " + leak[1]) + ")";
                    String test = "feign.suite.GatewayTest." + leak[0] + "(GatewayTest.java:"
                            + lineOf(tests, "// TEST " + leak[0]) + ")";
                    assertEquals(first, run.failures.get("GatewayTest#" + leak[0]), where);
                    assertEquals("dev.bodycheck.UnclosedBodyError: " + first + "\n\tat " + test,
                            run.printed.get("GatewayTest#" + leak[0]), where);
                }
                assertEquals(failed, run.failures.keySet(), where);
                List<JsonNode> events = new java.util.ArrayList<>();
                for (String line : Files.readAllLines(report)) {
                    events.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
                }
                String all = events.toString();
                java.util.Map<String, String> siteOfLine = new java.util.HashMap<>();
                for (String[] leak : leaks) {
                    JsonNode e = events.stream().filter(n -> n.path("event").asText().equals("leak")
                            && n.path("url").asText().endsWith("/it/suite-" + leak[2])).findFirst().orElseThrow();
                    assertEquals("[engine:junit-jupiter]/[class:feign.suite.GatewayTest]/[method:" + leak[0] + "()]",
                            e.path("test").path("id").asText(), all);
                    assertEquals(leak[0] + "()", e.path("test").path("name").asText(), all);
                    assertEquals("feign.suite.GatewayTest." + leak[0] + "(GatewayTest.java:"
                            + lineOf(tests, "// TEST " + leak[0]) + ")", e.path("test").path("frame").asText(), all);
                    JsonNode stack = e.path("stack");
                    assertEquals(2, stack.size(), "the line and the test, no JUnit or Surefire frame: " + e);
                    assertEquals(e.path("test").path("frame").asText(), stack.path(1).asText(), all);
                    assertTrue(e.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"), e.toString());
                    assertTrue(e.path("pid").asLong() > 0, e.toString());
                    String site = e.path("site").asText();
                    assertEquals(siteOfLine.computeIfAbsent(leak[1], k -> site), site, all);
                }
                assertEquals(4, new java.util.HashSet<>(siteOfLine.values()).size(), "one site per line: " + siteOfLine);
                JsonNode summary = events.stream().filter(n -> n.path("event").asText().equals("summary")).findFirst()
                        .orElseThrow();
                assertEquals(4, summary.path("sites").size(), all);
                for (JsonNode s : summary.path("sites")) {
                    boolean status = s.path("site").asText().equals(siteOfLine.get("status"));
                    assertEquals(status ? 3 : 1, s.path("leaked").asInt(), all);
                    assertEquals(status ? 3 : 1, s.path("paths").asInt(), all);
                    assertEquals(status ? 3 : 1, s.path("firstPaths").size(), all);
                }
            } finally {
                Files.deleteIfExists(report);
            }
        }
    }

    /**
     * Three leaks, each beside its twin: stack[0] is Checkout's line for each; where the list decides
     * ({@code shaded}), the vendor's two are named at the vendor's line, which no list can tell from the application.
     */
    private void assertCheckout(Result r, boolean shaded) throws Exception {
        assertTrue(r.stdout().contains("DONE"), r.toString());
        JsonNode summary = r.events().summary();
        assertEquals(6, summary.path("opened").asInt(), r.toString());
        assertEquals(3, summary.path("leaked").asInt(), r.toString());
        assertEquals(3, summary.path("consumed").asInt() + summary.path("closed").asInt(), r.toString());
        assertLeak(r, "/it/payfast-charge-dropped", "okhttp", shaded
                ? "io.payfast.client.PayFast.send(PayFast.java:" + lineOf(PAYFAST, "return okhttp.newCall(request)") + ")"
                : "com.shop.Checkout.main(Checkout.java:" + lineOf(CHECKOUT, "// LEAK vendor-okhttp") + ")",
                shaded ? null : "io.payfast.client.PayFast.charge(PayFast.java:");
        assertLeak(r, "/it/big-payfast-receipt-dropped", "jdk", shaded
                ? "io.payfast.client.PayFast.receipt(PayFast.java:" + lineOf(PAYFAST, "return jdk.send(") + ")"
                : "com.shop.Checkout.main(Checkout.java:" + lineOf(CHECKOUT, "// LEAK vendor-jdk") + ")",
                shaded ? null : "io.payfast.client.PayFast.receipt(PayFast.java:");
        assertLeak(r, "/it/shop-direct-dropped", "okhttp",
                "com.shop.Checkout.main(Checkout.java:" + lineOf(CHECKOUT, "// LEAK direct") + ")", null);
        assertFalse(r.stderr().contains("bodycheck: internal error"), r.toString());
    }

    private static void assertLeak(Result r, String path, String client, String stack0, String via0) {
        List<JsonNode> leaks = r.events().leaksAt(path);
        assertEquals(1, leaks.size(), path + "\n" + r);
        JsonNode leak = leaks.get(0);
        assertEquals(client, leak.path("client").asText(), r.toString());
        assertEquals(stack0, leak.path("stack").path(0).asText(), path + "\n" + r);
        if (via0 == null) {
            assertEquals(0, leak.path("via").size(), path + "\n" + r);
        } else {
            assertTrue(leak.path("via").path(0).asText().startsWith(via0), path + "\n" + r);
        }
        assertTrue(leak.path("time").asText().endsWith("Z"), leak.toString());
        assertEquals(leak.path("pid").asLong() > 0, true, leak.toString());
    }

    /** The line of {@code source} that holds {@code text}. */
    static int lineOf(Path source, String text) throws Exception {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + source);
    }
}
