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
        return new BodyRef(new Object(), false, ResponseFacts.of("okhttp", "GET", url, 200), site, null, null, 1);
    }

    @Test
    void aLeakIsOneJsonLineWithEveryField() throws Exception {
        BodyRef ref = leakedBody("http://user:pw@127.0.0.1:1/beat?token=s3cret");
        ref.bytesRead = 17;
        String text = reporter("").leak(ref, ref.openedNanos + 1_500_000_000L);
        String line = lines().get(0);
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(line.matches("\\{\"event\":\"leak\",\"time\":\"20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\","
                + "\"pid\":" + pid + ",.*"), line);
        line = line.replaceFirst("\"time\":\"[^\"]*\",\"pid\":" + pid + ",", "");
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
        String summary = lines().get(lines().size() - 1).replaceFirst("\"time\":\"[^\"]*\",\"pid\":\\d+,", "");
        assertTrue(summary.startsWith("{\"event\":\"summary\",\"opened\":25,\"consumed\":0,\"closed\":0,\"leaked\":25,"
                + "\"ignored\":0,\"reclaimed\":0,\"unattributed\":0,\"open\":0,\"internalErrors\":"), summary);
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
        assertEquals("POOL EXHAUSTED: okhttp lease: no response body of this client is open now", pool.get(0));
        assertTrue(pool.get(1).startsWith("POOL EXHAUSTED: test lease: "), pool.get(1));
        assertTrue(pool.get(2).startsWith("POOL EXHAUSTED: okhttp lease: "), pool.get(2));
        assertTrue(log.contains("  (7 pool-exhausted events of this client since the last such line were not "
                + "logged; each is in the report file)"), log.toString());
        assertEquals("POOL EXHAUSTED: okhttp: 2 pool-exhausted events since the last such line were not logged; "
                + "each is in the report file", pool.get(3));
        assertEquals(12, lines().stream().filter(l -> l.startsWith("{\"event\":\"pool-exhausted\",")).count(),
                lines().toString());
    }

    /**
     * With reclaim, a pool's exhaustion that a collection healed says only that: how many connections it gave
     * back, no list of bodies that are no longer open or leaked earlier (their connections were given back too),
     * and one folded event in the singular.
     */
    @Test
    void aHealedPoolSaysWhatReclaimGaveBackAndNothingElse() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        Reporter r;
        System.setErr(new java.io.PrintStream(err, true, "UTF-8"));
        try {
            r = new Reporter(Config.builder().log(Config.LogTarget.STDERR).build(), problems::add);
            r.leak(leakedBody("http://127.0.0.1:1/earlier"), System.nanoTime()); // a site of this client, leaked
            long t0 = 1_000_000_000_000L;
            r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), 1, t0);
            r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), 2, t0 + 1_000_000_000L); // folded
            r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(List.of(leakedBody("http://127.0.0.1:1/held"))),
                    0, t0 + 11_000_000_000L);
        } finally {
            System.setErr(saved);
        }
        List<String> pool = List.of(err.toString("UTF-8").split("\n")).stream()
                .filter(l -> l.startsWith("POOL EXHAUSTED: ") || l.startsWith("  ")).collect(Collectors.toList());
        assertEquals("POOL EXHAUSTED: okhttp lease: reclaim gave back the connections of 1 leaked response body, and "
                + "the lease is tried again", pool.get(0), pool.toString());
        assertEquals("POOL EXHAUSTED: okhttp lease: reclaim found no leaked response body to take a connection back "
                + "from; 1 response body of this client is still open (neither closed nor read to EOF), holding a "
                + "pooled connection:", pool.get(1), pool.toString());
        assertTrue(pool.get(2).startsWith("  1 open from site "), pool.toString());
        assertTrue(pool.contains("  (1 pool-exhausted event of this client since the last such line was not logged)"),
                pool.toString());
        assertTrue(pool.stream().noneMatch(l -> l.contains("leaked earlier") || l.contains("0 response bodies")),
                pool.toString());
    }

    /** Without reclaim, a pool that has no open body names the sites that leaked earlier. */
    @Test
    void anExhaustedPoolWithNoOpenBodyNamesTheEarlierLeaks() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true, "UTF-8"));
        try {
            Reporter r = new Reporter(Config.builder().log(Config.LogTarget.STDERR).build(), problems::add);
            r.leak(leakedBody("http://127.0.0.1:1/earlier"), System.nanoTime());
            r.poolExhausted(TestClients.OKHTTP, "lease", new ArrayList<>(), -1, 1_000_000_000_000L);
        } finally {
            System.setErr(saved);
        }
        String text = err.toString("UTF-8");
        assertTrue(text.contains("POOL EXHAUSTED: okhttp lease: no response body of this client is open now; leaked "
                + "earlier (reported above; their connections may still be leased):\n  1 leaked from site "), text);
    }

    /**
     * The exit summary of a run whose every leak was ignored is no warning, and names the ignored ones. Read
     * through a JUL handler of the logger "bodycheck", reached by reflection (this module does not read JUL's).
     */
    @Test
    void theSummaryOfIgnoredLeaksIsNoWarningAndCountsThem() throws Exception {
        Class<?> loggerType = Class.forName("java.util.logging.Logger");
        Class<?> handlerType = Class.forName("java.util.logging.Handler");
        Object jul = loggerType.getMethod("getLogger", String.class).invoke(null, "bodycheck");
        java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
        Object handler = Class.forName("java.util.logging.StreamHandler")
                .getConstructor(java.io.OutputStream.class, Class.forName("java.util.logging.Formatter"))
                .newInstance(records, Class.forName("java.util.logging.SimpleFormatter").getConstructor().newInstance());
        loggerType.getMethod("addHandler", handlerType).invoke(jul, handler);
        try {
            BodyRef first = fromOneSite();
            String site = first.site().trace(TestClients.OKHTTP, ApplicationFrames.of(Config.defaults())).siteId;
            Path ignore = dir.resolve("ignore.txt");
            Files.write(ignore, List.of(site));
            Reporter r = new Reporter(Config.builder().log(Config.LogTarget.SYSTEM).ignoreFile(ignore.toString())
                    .build(), problems::add);
            r.leak(first, System.nanoTime());
            r.summary(new Stats(1, 0, 0, 1, 1, 0, null));
            handlerType.getMethod("flush").invoke(handler);
            String text = records.toString("UTF-8");
            assertTrue(text.contains("\nINFO: bodycheck summary: opened=1 consumed=0 closed=0 leaked=1 ignored=1 open=0"),
                    text);
            assertTrue(!text.contains("WARNING"), text);
            records.reset();
            r.leak(leakedBody("http://127.0.0.1:1/not-ignored"), System.nanoTime());
            r.summary(new Stats(2, 0, 0, 2, 1, 0, null));
            handlerType.getMethod("flush").invoke(handler);
            assertTrue(records.toString("UTF-8").contains("\nWARNING: bodycheck summary: opened=2 consumed=0 closed=0 "
                    + "leaked=2 ignored=1 open=0"), records.toString("UTF-8"));
        } finally {
            loggerType.getMethod("removeHandler", handlerType).invoke(jul, handler);
        }
    }

    @Test
    void ignoredSitesAndFramesAreCountedNotReported() throws Exception {
        BodyRef first = fromOneSite();
        String site = first.site().trace(TestClients.OKHTTP, ApplicationFrames.of(Config.defaults())).siteId;
        Path ignore = dir.resolve("ignore.txt");
        Files.write(ignore, List.of("# a third-party leak we cannot fix", site,
                "com.thirdparty."));
        Reporter r = reporter(",ignore=" + ignore);
        r.leak(first, System.nanoTime());
        r.leak(fromOneSite(), System.nanoTime());
        r.leak(leakedBody("http://127.0.0.1:1/same-line"), System.nanoTime()); // the same line from another path
        r.leak(leakedBody("http://127.0.0.1:1/other", new StackTraceElement[] {
            new StackTraceElement("com.example.Other", "run", "Other.java", 7)}), System.nanoTime());
        r.leak(leakedBody("http://127.0.0.1:1/lib", new StackTraceElement[] {
            new StackTraceElement("com.thirdparty.Poller", "poll", "Poller.java", 5)}), System.nanoTime());
        r.summary(new Stats(5, 0, 0, 5, null));
        List<String> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("/other"));
        assertTrue(lines.get(1).contains("\"site\":\"" + site + "\",\"client\":\"okhttp\",\"leaked\":3,\"ignored\":3,"
                + "\"frame\":\"dev.bodycheck.testapp.App.stackHere(App.java:"), lines.get(1));
        assertTrue(lines.get(1).contains("\"paths\":2,\"firstPaths\":[{\"count\":2,\"stack\":[\"dev.bodycheck.runtime."
                + "ReporterTest.<clinit>(ReporterTest.java:"), lines.get(1));
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
            BodyRef ref = new BodyRef(new Object(), false, ResponseFacts.of("okhttp", "GET",
                    "http://u:p@127.0.0.1:1/users/42?token=s3cret", 200), null, null, null, 1);
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
