package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.testapp.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReporterTest {
    static {
        TestClients.OKHTTP.id(); // registered
    }

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    private Reporter reporter(String options) {
        return new Reporter(config(dir.resolve("r.jsonl"), options), problems::add);
    }

    /** log=none, the report file, and one of ",redact=false", ",ignore=FILE". */
    private static Config config(Path report, String options) {
        Config.Builder b = Config.builder().log(Config.LogTarget.NONE).reportFile(report.toString());
        if (options.equals(",redact=false")) {
            b.redact(false);
        } else if (options.startsWith(",ignore=")) {
            b.ignoreFile(options.substring(",ignore=".length()));
        } else if (!options.isEmpty()) {
            throw new IllegalArgumentException(options);
        }
        return b.build();
    }

    private List<String> lines() throws Exception {
        Path f = dir.resolve("r.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private BodyRef leakedBody(String url) {
        return leakedBody(url, App.stackHere());
    }

    private BodyRef leakedBody(String url, StackTraceElement[] stack) {
        CreationSite site = new CreationSite();
        site.setStackTrace(stack);
        return new BodyRef(new Object(), ResponseFacts.of("okhttp", "GET", url, 200), site, null, 1);
    }

    @Test
    void aLeakIsOneJsonLineWithEveryField() throws Exception {
        BodyRef ref = leakedBody("http://user:pw@127.0.0.1:1/beat?token=s3cret");
        ref.bytesRead = 17;
        String text = reporter("").leak(ref, ref.openedNanos + 1_500_000_000L);
        String line = lines().get(0);
        assertTrue(line.startsWith("{\"event\":\"leak\",\"client\":\"okhttp\",\"method\":\"GET\","
                + "\"url\":\"http://127.0.0.1:1/beat\",\"status\":200,\"bytesRead\":17,\"openMillis\":1500,"
                + "\"thread\":\"" + Thread.currentThread().getName() + "\",\"site\":\""), line);
        assertTrue(line.contains("\"stack\":[\"dev.bodycheck.testapp.App.stackHere(App.java:"),
                line);
        assertTrue(text.startsWith("LEAK: okhttp GET http://127.0.0.1:1/beat status=200 bytesRead=17 open=1500ms"),
                text);
        assertTrue(text.contains("\n\tat dev.bodycheck.testapp.App.stackHere(App.java:"), text);
        assertTrue(!text.contains("s3cret") && !line.contains("s3cret") && !line.contains("user:pw"));
    }

    @Test
    void redactFalseKeepsTheUrl() throws Exception {
        reporter(",redact=false").leak(leakedBody("http://127.0.0.1:1/beat?token=x"), System.nanoTime());
        assertTrue(lines().get(0).contains("\"url\":\"http://127.0.0.1:1/beat?token=x\""));
    }

    private static final StackTraceElement[] ONE_SITE = App.stackHere();

    private BodyRef fromOneSite() {
        return leakedBody("http://127.0.0.1:1/loop", ONE_SITE);
    }

    @Test
    void oneSiteIsLoggedInFullAFewTimesThenCountedAndEveryLeakIsAnEvent() throws Exception {
        Reporter r = reporter("");
        for (int i = 0; i < 25; i++) {
            r.leak(fromOneSite(), System.nanoTime());
        }
        r.summary(new Stats(25, 0, 0, 25, null));
        List<String> leaks = lines().stream().filter(l -> l.contains("\"event\":\"leak\"")).collect(Collectors.toList());
        assertEquals(25, leaks.size());
        String site = null;
        for (int i = 0; i < 25; i++) {
            String line = leaks.get(i);
            assertTrue(line.endsWith(",\"siteLeaks\":" + (i + 1) + "}"), line);
            String siteHere = line.substring(line.indexOf("\"site\":\"") + 8, line.indexOf("\"site\":\"") + 16);
            assertTrue(site == null || site.equals(siteHere), line);
            site = siteHere;
            assertEquals(i < Reporter.FULL_REPORTS_PER_SITE,
                    line.contains("\"stack\":[\"dev.bodycheck.testapp.App.stackHere(App.java:"), line);
            if (i >= Reporter.FULL_REPORTS_PER_SITE) {
                assertTrue(line.contains("\"via\":[],\"stack\":[],"), line);
            }
        }
        String summary = lines().get(lines().size() - 1);
        assertTrue(summary.startsWith("{\"event\":\"summary\",\"opened\":25,\"consumed\":0,\"closed\":0,\"leaked\":25,"
                + "\"ignored\":0,\"reclaimed\":0,\"open\":0,\"internalErrors\":"), summary);
        assertTrue(summary.contains("\"leaked\":25,\"ignored\":0,\"frame\":\"dev.bodycheck.testapp.App.stackHere(App.java:"), summary);
    }

    @Test
    void poolExhaustedIsLoggedOncePerClientPerTenSecondsWithTheFoldedCountAndEveryOneIsAnEvent() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        Reporter r;
        System.setErr(new java.io.PrintStream(err, true, "UTF-8"));
        try {
            r = new Reporter(Config.builder().log(Config.LogTarget.STDERR).reportFile(dir.resolve("r.jsonl").toString())
                    .build(), problems::add);
        } finally {
            System.setErr(saved);
        }
        long t0 = 1_000_000_000_000L;
        long second = 1_000_000_000L;
        Client other = TestClients.TEST;
        r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), -1, t0); // logged
        for (int i = 1; i <= 7; i++) {
            r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), -1, t0 + i * second); // folded
        }
        r.poolExhausted(other, "lease", new ArrayList<>(), -1, t0 + 3 * second); // another client: its own limit
        r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), -1, t0 + 10 * second); // logged, 7 folded
        r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), -1, t0 + 11 * second); // folded
        r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), -1, t0 + 12 * second); // folded
        r.summary(new Stats(0, 0, 0, 0, null)); // names the 2 still folded
        List<String> log = List.of(err.toString("UTF-8").split("\n"));
        List<String> pool = log.stream().filter(l -> l.startsWith("POOL EXHAUSTED: ")).collect(Collectors.toList());
        assertEquals(4, pool.size(), log.toString());
        assertTrue(pool.get(0).startsWith("POOL EXHAUSTED: okhttp lease: 0 response bodies"), pool.get(0));
        assertTrue(pool.get(1).startsWith("POOL EXHAUSTED: test lease: "), pool.get(1));
        assertTrue(pool.get(2).startsWith("POOL EXHAUSTED: okhttp lease: "), pool.get(2));
        assertTrue(log.contains("  (7 more pool-exhausted events of this client since the last such line were not "
                + "logged; each is in the report file)"), log.toString());
        assertEquals("POOL EXHAUSTED: okhttp: 2 more pool-exhausted events since the last such line were not logged; "
                + "each is in the report file", pool.get(3));
        assertEquals(12, lines().stream().filter(l -> l.startsWith("{\"event\":\"pool-exhausted\",")).count(),
                lines().toString());
    }

    @Test
    void ignoredSitesAndFramesAreCountedNotReported() throws Exception {
        BodyRef first = fromOneSite();
        String site = first.site.trace(TestClients.OKHTTP, ApplicationFrames.of(Config.defaults())).siteId;
        Path ignore = dir.resolve("ignore.txt");
        Files.write(ignore, List.of("# a third-party leak we cannot fix", site,
                "com.thirdparty."));
        Reporter r = reporter(",ignore=" + ignore);
        r.leak(first, System.nanoTime());
        r.leak(fromOneSite(), System.nanoTime());
        r.leak(leakedBody("http://127.0.0.1:1/other"), System.nanoTime());
        r.leak(leakedBody("http://127.0.0.1:1/lib", new StackTraceElement[] {
            new StackTraceElement("com.thirdparty.Poller", "poll", "Poller.java", 5)}), System.nanoTime());
        r.summary(new Stats(4, 0, 0, 4, null));
        List<String> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("/other"));
        assertTrue(lines.get(1).contains("\"site\":\"" + site + "\",\"client\":\"okhttp\",\"leaked\":2,\"ignored\":2"),
                lines.get(1));
        assertTrue(lines.get(1).contains("\"leaked\":1,\"ignored\":1,\"frame\":\"com.thirdparty.Poller.poll(Poller.java:5)"),
                lines.get(1));
        assertEquals(List.of(), problems);
    }

    @Test
    void anUnreadableIgnoreFileOrUnwritableReportGivesOneLine() throws Exception {
        Reporter r = new Reporter(Config.builder().log(Config.LogTarget.NONE)
                .reportFile(dir.resolve("no/such/dir/r.jsonl").toString())
                .ignoreFile(dir.resolve("missing.txt").toString()).build(), problems::add);
        r.leak(fromOneSite(), System.nanoTime());
        r.leak(fromOneSite(), System.nanoTime());
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("bodycheck: cannot read the ignore file"), problems.get(0));
        assertTrue(problems.get(1).startsWith("bodycheck: cannot write the report file"), problems.get(1));
    }

    @Test
    void theFrameworkFramesAboveTheApplicationsLineAreOneViaLineAndAJsonArray() throws Exception {
        StackTraceElement[] stack = {
            new StackTraceElement("okhttp3.internal.connection.RealCall", "execute", "RealCall.kt", 154),
            new StackTraceElement("retrofit2.OkHttpCall", "execute", "OkHttpCall.java", 207),
            new StackTraceElement("retrofit2.DefaultCallAdapterFactory$ExecutorCallbackCall", "execute",
                    "DefaultCallAdapterFactory.java", 60),
            new StackTraceElement("com.example.Heartbeat", "beat", "Heartbeat.java", 42),
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833),
        };
        String text = reporter("").leak(leakedBody("http://127.0.0.1:1/beat", stack), System.nanoTime());
        String[] lines = text.split("\n");
        assertEquals("\tvia retrofit2.DefaultCallAdapterFactory$ExecutorCallbackCall.execute("
                + "DefaultCallAdapterFactory.java:60) -> retrofit2.OkHttpCall.execute(OkHttpCall.java:207)", lines[1]);
        assertEquals("\tat com.example.Heartbeat.beat(Heartbeat.java:42)", lines[2]);
        String line = lines().get(0);
        assertTrue(line.contains("\"via\":[\"retrofit2.DefaultCallAdapterFactory$ExecutorCallbackCall.execute("
                + "DefaultCallAdapterFactory.java:60)\",\"retrofit2.OkHttpCall.execute(OkHttpCall.java:207)\"],"
                + "\"stack\":[\"com.example.Heartbeat.beat(Heartbeat.java:42)\","), line);
        // without frameworks: an empty array and no via line
        String plain = reporter("").leak(leakedBody("http://127.0.0.1:1/plain"), System.nanoTime());
        assertTrue(plain.split("\n")[1].startsWith("\tat "), plain);
        assertTrue(lines().get(1).contains("\"via\":[],\"stack\":["), lines().get(1));
    }

    @Test
    void anIgnoredPrefixMatchesTheViaFramesToo() throws Exception {
        Path ignore = dir.resolve("ignore.txt");
        Files.write(ignore, List.of("retrofit2."));
        Reporter r = reporter(",ignore=" + ignore);
        assertEquals(null, r.leak(leakedBody("http://127.0.0.1:1/beat", new StackTraceElement[] {
            new StackTraceElement("okhttp3.internal.connection.RealCall", "execute", "RealCall.kt", 154),
            new StackTraceElement("retrofit2.OkHttpCall", "execute", "OkHttpCall.java", 207),
            new StackTraceElement("com.example.Heartbeat", "beat", "Heartbeat.java", 42)}), System.nanoTime()));
        assertEquals(List.of(), lines());
    }

    /** stacks=auto (the default): a leak without a stack is one line naming its endpoint, which becomes hot. */
    @Test
    void aLeakWithoutAStackIsOneLineNamingItsEndpointWhichThenCarriesStacks() throws Exception {
        AutoStacks.reset();
        try {
            BodyRef ref = new BodyRef(new Object(), ResponseFacts.of("okhttp", "GET",
                    "http://u:p@127.0.0.1:1/users/42?token=s3cret", 200), null, null, 1);
            String text = reporter("").leak(ref, System.nanoTime());
            assertEquals(1, text.split("\n").length, text);
            assertTrue(text.startsWith("LEAK: okhttp GET http://127.0.0.1:1/users/42 status=200 "), text);
            assertTrue(text.endsWith(" No creation stack was recorded for it, endpoint GET 127.0.0.1:1/users/{id}: "
                    + "stacks=auto records the stack of every later body of an endpoint that leaked (at most 64 "
                    + "endpoints), so its next leak names the line"), text);
            String line = lines().get(0);
            assertTrue(line.contains("\"endpoint\":\"GET 127.0.0.1:1/users/{id}\",\"via\":[],\"stack\":[]"), line);
            assertTrue(AutoStacks.wanted(ResponseFacts.of("okhttp", "GET", "http://127.0.0.1:1/users/7", 200)));
        } finally {
            AutoStacks.reset();
        }
    }
}
