package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationFramesTest {
    private static final ApplicationFrames AUTOMATIC = ApplicationFrames.of(Config.defaults());

    private static StackTraceElement f(String cls, String method, int line) {
        String file = cls.substring(cls.lastIndexOf('.') + 1).replaceAll("\\$.*", "") + ".java";
        return new StackTraceElement(cls, method, file, line);
    }

    private static String[] formatted(StackTraceElement[] frames) {
        return Arrays.stream(frames).map(CreationSite::format).toArray(String[]::new);
    }

    /** A Retrofit call over OkHttp, as the creation stack of the OkHttp body shows it. */
    private static StackTraceElement[] retrofit(int appLine) {
        return new StackTraceElement[] {
            f("dev.bodycheck.runtime.Tracker", "open", 1),
            f("okhttp3.internal.connection.Exchange", "openResponseBody", 2),
            f("okhttp3.internal.connection.RealCall", "execute", 154),
            f("retrofit2.OkHttpCall", "execute", 207),
            f("retrofit2.DefaultCallAdapterFactory$ExecutorCallbackCall", "execute", 60),
            f("com.example.Heartbeat", "beat", appLine),
            f("com.example.Heartbeat", "main", 20),
            f("java.lang.Thread", "run", 833),
        };
    }

    @Test
    void theFirstFrameOutsideTheFrameworkIsTheApplicationsAndTheFrameworkFramesAreKeptAsVia() {
        ApplicationFrames.Trace t = AUTOMATIC.trace(retrofit(42), TestClients.OKHTTP);
        assertEquals("com.example.Heartbeat.beat(Heartbeat.java:42)", CreationSite.format(t.frames[0]));
        assertEquals(3, t.frames.length, "everything below the application's line stays");
        assertArrayEquals(new String[] {
            "retrofit2.DefaultCallAdapterFactory$ExecutorCallbackCall.execute(DefaultCallAdapterFactory.java:60)",
            "retrofit2.OkHttpCall.execute(OkHttpCall.java:207)"}, formatted(t.via), "nearest first");
        assertEquals(2, t.viaTotal);
    }

    /** Spring's RestClient over HttpURLConnection: JDK frames are skipped and left off the via line. */
    private static StackTraceElement[] restClient(String... between) {
        List<StackTraceElement> s = new java.util.ArrayList<>(List.of(
            f("sun.net.www.protocol.http.HttpURLConnection", "getInputStream0", 1),
            f("java.net.HttpURLConnection", "getResponseCode", 2),
            f("org.springframework.http.client.SimpleClientHttpRequest", "executeInternal", 88),
            f("org.springframework.http.client.AbstractStreamingClientHttpRequest", "executeInternal", 52),
            f("org.springframework.http.client.AbstractClientHttpRequest", "execute", 66),
            f("io.micrometer.observation.Observation", "observe", 9),
            f("org.springframework.web.client.DefaultRestClient", "readWithMessageConverters", 200),
            f("org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec", "exchangeInternal", 500),
            f("org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec", "exchange", 480)));
        for (String b : between) {
            s.add(f(b, "invoke", 7));
        }
        s.add(f("com.example.Orders", "fetch", 31));
        s.add(f("com.example.Orders", "main", 12));
        return s.toArray(new StackTraceElement[0]);
    }

    private static final Client URLCONNECTION = Clients.register("urlconnection-test", true,
            new String[] {"sun.net.www.", "java.net."}, new String[0], null, null, false);

    @Test
    void viaHoldsAtMostFiveFramesAndTheJdkIsNotOnIt() {
        ApplicationFrames.Trace t = AUTOMATIC.trace(restClient(), URLCONNECTION);
        assertEquals("com.example.Orders.fetch(Orders.java:31)", CreationSite.format(t.frames[0]));
        assertEquals(5, t.via.length);
        assertEquals(7, t.viaTotal);
        assertEquals("org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec.exchange("
                + "DefaultRestClient.java:480)", CreationSite.format(t.via[0]));
        for (StackTraceElement v : t.via) {
            assertFalse(v.getClassName().startsWith("java.") || v.getClassName().startsWith("sun."), v.toString());
        }
    }

    @Test
    void oneApplicationLineIsOneSiteWhicheverFrameworkPathItTook() {
        StackTraceElement[] direct = {
            f("okhttp3.internal.connection.RealCall", "execute", 154),
            f("com.example.Heartbeat", "beat", 42),
            f("com.example.Heartbeat", "main", 20),
            f("java.lang.Thread", "run", 999),
        };
        String viaRetrofit = AUTOMATIC.trace(retrofit(42), TestClients.OKHTTP).siteId;
        assertEquals(viaRetrofit, AUTOMATIC.trace(direct, TestClients.OKHTTP).siteId,
                "neither the framework frames above nor the JDK's below are part of the id");
        assertNotEquals(viaRetrofit, AUTOMATIC.trace(retrofit(43), TestClients.OKHTTP).siteId);
    }

    @Test
    void generatedClassesAreSkippedButTheApplicationsLambdaBodiesAreNot() {
        StackTraceElement[] s = restClient("com.example.$Proxy12", "com.example.OrdersClient$$SpringCGLIB$$0",
                "jdk.proxy2.$Proxy9", "com.example.Orders$$Lambda$14/0x0000000800c0b000");
        s[s.length - 2] = f("com.example.Orders", "lambda$fetch$0", 31);
        ApplicationFrames.Trace t = AUTOMATIC.trace(s, URLCONNECTION);
        assertEquals("com.example.Orders.lambda$fetch$0(Orders.java:31)", CreationSite.format(t.frames[0]));
        assertEquals(7, t.viaTotal, "generated classes are not on the via line");
        assertTrue(ApplicationFrames.isGenerated("com.example.Orders$$Lambda/0x0000000800c0b000"));
        assertFalse(ApplicationFrames.isGenerated("com.example.Orders$fetch$$inlined$map$1"), "Kotlin inlined code");
        assertFalse(ApplicationFrames.isGenerated("com.example.Orders$1"));
    }

    @Test
    void appPackagesNameTheApplicationAndWhatLiesBetweenIsVia() {
        StackTraceElement[] s = restClient("com.vendor.sdk.OrdersApi");
        ApplicationFrames.Trace auto = AUTOMATIC.trace(s, URLCONNECTION);
        assertEquals("com.vendor.sdk.OrdersApi.invoke(OrdersApi.java:7)", CreationSite.format(auto.frames[0]));
        ApplicationFrames acme = ApplicationFrames.of(Config.builder().appPackages(List.of("com.example.")).build());
        ApplicationFrames.Trace t = acme.trace(s, URLCONNECTION);
        assertEquals("com.example.Orders.fetch(Orders.java:31)", CreationSite.format(t.frames[0]));
        assertEquals("com.vendor.sdk.OrdersApi.invoke(OrdersApi.java:7)", CreationSite.format(t.via[0]));
        assertEquals(8, t.viaTotal);
        ApplicationFrames other = ApplicationFrames.of(Config.builder().appPackages(List.of("org.none.")).build());
        assertEquals(CreationSite.format(auto.frames[0]), CreationSite.format(other.trace(s, URLCONNECTION).frames[0]),
                "no frame in appPackages: the automatic choice");
    }

    @Test
    void skipPackagesAddToTheBuiltInList() {
        StackTraceElement[] s = restClient("com.vendor.sdk.OrdersApi");
        ApplicationFrames skip = ApplicationFrames.of(Config.builder().skipPackages(List.of("com.vendor.")).build());
        ApplicationFrames.Trace t = skip.trace(s, URLCONNECTION);
        assertEquals("com.example.Orders.fetch(Orders.java:31)", CreationSite.format(t.frames[0]));
        assertEquals("com.vendor.sdk.OrdersApi.invoke(OrdersApi.java:7)", CreationSite.format(t.via[0]));
    }

    @Test
    void aStackWithNoApplicationFrameIsShownWhole() {
        StackTraceElement[] s = {
            f("okhttp3.internal.connection.Exchange", "openResponseBody", 2),
            f("okhttp3.internal.connection.RealCall$AsyncCall", "run", 517),
            f("java.lang.Thread", "run", 833),
        };
        ApplicationFrames.Trace t = AUTOMATIC.trace(s, TestClients.OKHTTP);
        assertEquals(3, t.frames.length);
        assertEquals(0, t.via.length);
        StackTraceElement[] fromAFrameworksThread = {
            f("okhttp3.internal.connection.RealCall", "execute", 154),
            f("retrofit2.OkHttpCall", "execute", 207),
            f("java.lang.Thread", "run", 833),
        };
        assertEquals(3, AUTOMATIC.trace(fromAFrameworksThread, TestClients.OKHTTP).frames.length);
    }

    @Test
    void theProjectsOwnTestProgramsAreApplicationCode() {
        StackTraceElement[] s = {
            f("okhttp3.internal.connection.RealCall", "execute", 154),
            f("retrofit2.OkHttpCall", "execute", 207),
            f("dev.bodycheck.it.app.RetrofitApp", "main", 40),
        };
        assertEquals("dev.bodycheck.it.app.RetrofitApp.main(RetrofitApp.java:40)",
                CreationSite.format(AUTOMATIC.trace(s, TestClients.OKHTTP).frames[0]));
    }

    /** JUnit 5 under Surefire: what lies below a test method. */
    private static final StackTraceElement[] JUNIT_BELOW_THE_TEST = {
        f("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", 103),
        f("java.lang.reflect.Method", "invoke", 580),
        f("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod", 767),
        f("org.junit.jupiter.engine.execution.MethodInvocation", "proceed", 60),
        f("java.util.ArrayList", "forEach", 1596),
        f("org.junit.platform.engine.support.hierarchical.NodeTestTask", "execute", 160),
        f("org.apache.maven.surefire.junitplatform.JUnitPlatformProvider", "invoke", 124),
        f("org.apache.maven.surefire.booter.ForkedBooter", "main", 495),
    };

    private static StackTraceElement[] inATest(StackTraceElement... top) {
        StackTraceElement[] s = Arrays.copyOf(top, top.length + JUNIT_BELOW_THE_TEST.length);
        System.arraycopy(JUNIT_BELOW_THE_TEST, 0, s, top.length, JUNIT_BELOW_THE_TEST.length);
        return s;
    }

    @Test
    void aStackRunByATestRunnerEndsAtTheTestMethodWhichIsNamed() {
        ApplicationFrames.Trace t = AUTOMATIC.trace(inATest(
                f("okhttp3.internal.connection.RealCall", "execute", 154),
                f("com.example.Heartbeat", "beat", 42),
                f("java.util.HashMap", "computeIfAbsent", 1228),
                f("com.example.HeartbeatTest", "beats", 17)), TestClients.OKHTTP);
        assertArrayEquals(new String[] {"com.example.Heartbeat.beat(Heartbeat.java:42)",
            "java.util.HashMap.computeIfAbsent(HashMap.java:1228)", "com.example.HeartbeatTest.beats(HeartbeatTest.java:17)"},
                formatted(t.frames), "no JUnit, Surefire or reflection frame");
        assertEquals("com.example.HeartbeatTest.beats(HeartbeatTest.java:17)", CreationSite.format(t.testFrame));
        assertArrayEquals(new String[] {"com.example.Heartbeat.beat(Heartbeat.java:42)",
            "com.example.HeartbeatTest.beats(HeartbeatTest.java:17)"}, formatted(t.application));
        assertEquals(null, AUTOMATIC.trace(retrofit(42), TestClients.OKHTTP).testFrame, "no test runner, no test");
    }

    @Test
    void whenEveryOtherFrameIsSkippedTheTestMethodIsStackZero() {
        // a library's own test suite, its tests in the library's package, judged by the list
        ApplicationFrames.Trace t = AUTOMATIC.trace(inATest(
                f("okhttp3.internal.connection.RealCall", "execute", 154),
                f("retrofit2.OkHttpCall", "execute", 207),
                f("jdk.proxy2.$Proxy9", "get", -1),
                f("retrofit2.CallTest", "leaks", 30)), TestClients.OKHTTP);
        assertEquals("retrofit2.CallTest.leaks(CallTest.java:30)", CreationSite.format(t.frames[0]));
        assertEquals("retrofit2.OkHttpCall.execute(OkHttpCall.java:207)", CreationSite.format(t.via[0]));
    }

    @Test
    void aSiteIsTheClientAndTheLineAndEachPathToItIsCounted() {
        StackTraceElement line = f("com.example.Heartbeat", "beat", 42);
        ApplicationFrames.Trace a = AUTOMATIC.trace(inATest(f("okhttp3.internal.connection.RealCall", "execute", 154),
                line, f("com.example.HeartbeatTest", "one", 10)), TestClients.OKHTTP);
        ApplicationFrames.Trace b = AUTOMATIC.trace(inATest(f("okhttp3.internal.connection.RealCall", "execute", 154),
                line, f("com.example.HeartbeatTest", "two", 20)), TestClients.OKHTTP);
        assertEquals(a.siteId, b.siteId, "one line, one site");
        assertNotEquals(a.pathId, b.pathId, "two callers, two paths");
        assertEquals("com.example.HeartbeatTest.one(HeartbeatTest.java:10)", CreationSite.format(a.path[0]));
        assertNotEquals(a.siteId, AUTOMATIC.trace(inATest(f("okhttp3.internal.connection.RealCall", "execute", 154),
                line, f("com.example.HeartbeatTest", "one", 10)), URLCONNECTION).siteId, "another client, another site");
    }

    @Test
    void aClassFromAClassDirectoryIsTheApplicationsWhateverItsPackageAndAJarsIsNot() {
        CodeOrigins.use(() -> new Class<?>[] {retrofit2.app.Orders.class, org.opentest4j.AssertionFailedError.class});
        try {
            StackTraceElement[] s = {
                f("okhttp3.internal.connection.RealCall", "execute", 154),
                new StackTraceElement("app", null, null, "org.opentest4j.AssertionFailedError", "send",
                        "AssertionFailedError.java", 72),
                f("retrofit2.OkHttpCall", "execute", 207),
                new StackTraceElement("app", null, null, "retrofit2.app.Orders", "fetch", "Orders.java", 31),
                f("java.lang.Thread", "run", 833),
            };
            ApplicationFrames.Trace t = AUTOMATIC.trace(s, TestClients.OKHTTP);
            assertEquals("retrofit2.app.Orders.fetch(Orders.java:31)", CreationSite.format(t.frames[0]),
                    "loaded from a class directory: the application's, though retrofit2. is on the list");
            assertArrayEquals(new String[] {"retrofit2.OkHttpCall.execute(OkHttpCall.java:207)",
                "org.opentest4j.AssertionFailedError.send(AssertionFailedError.java:72)"}, formatted(t.via),
                    "a jar on no list is a library, named on the via line");
        } finally {
            CodeOrigins.use(null);
        }
    }

    @Test
    void appPackagesPassOverGeneratedClassesInThem() {
        ApplicationFrames acme = ApplicationFrames.of(Config.builder().appPackages(List.of("com.example.")).build());
        StackTraceElement[] s = restClient("com.example.$Proxy12", "com.example.Client$$SpringCGLIB$$0");
        assertEquals("com.example.Orders.fetch(Orders.java:31)", CreationSite.format(acme.trace(s, URLCONNECTION).frames[0]));
    }
}
