package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns tracker events into reports on the log and the JSON Lines file. One site (a client and the
 * application's line) is reported in full a few times; after that its leaks are counted, with a short line
 * at every power of ten, and the counts appear in the exit summary, with the distinct caller paths that led
 * to the line.
 */
final class Reporter {
    static final int FULL_REPORTS_PER_SITE = 3;
    /** Beyond this many distinct sites, new ones are counted together, so that memory stays bounded. */
    private static final int MAX_SITES = 10_000;
    private static final String OTHER_SITES = "other";
    /** Distinct caller paths kept per site; beyond, they are counted together. */
    static final int MAX_PATHS_PER_SITE = 100;
    /** Caller paths of a site shown in full in the summary. */
    static final int PATHS_SHOWN = 3;
    /**
     * This process's id, looked up at the first event written: looking it up at start-up would set up the JDK's
     * process handles (their thread pool, lambdas) in every JVM, most of which never write an event.
     */
    private static volatile long pid;

    private final Config config;
    private final LogSink log;
    private final JsonLinesSink json;
    private final IgnoreRules ignore;
    private final ApplicationFrames rules;
    /** {@code stacks=auto}: a leak makes its endpoint's later bodies carry their stacks. */
    private final boolean autoStacks;
    private final Map<String, SiteCount> sites = new ConcurrentHashMap<>();
    /** {@code POOL EXHAUSTED} is logged at most once per client in this interval. */
    static final long POOL_LOG_INTERVAL_NANOS = 10_000_000_000L;
    private final Map<Client, PoolLog> poolLog = new ConcurrentHashMap<>();

    /** Per-site counts, kept for the summary. */
    static final class SiteCount {
        final String firstFrame;
        final Client client;
        /** Every leak of the site, ignored ones included (SPEC: ignored is the part of leaked not reported). */
        final AtomicLong leaked = new AtomicLong();
        final AtomicLong ignored = new AtomicLong();
        /** The reported part: leaked less ignored. */
        final AtomicLong reported = new AtomicLong();
        /** The distinct caller paths below the site's line, in the order first seen; guarded by itself. */
        private final Map<String, PathCount> paths = new LinkedHashMap<>();
        /** Leaks whose path was not kept ({@link #MAX_PATHS_PER_SITE}); guarded by {@link #paths}. */
        private long otherPaths;

        SiteCount(Client client, String firstFrame) {
            this.client = client;
            this.firstFrame = firstFrame;
        }

        void countPath(ApplicationFrames.Trace trace) {
            if (trace == null) {
                return;
            }
            synchronized (paths) {
                PathCount p = paths.get(trace.pathId);
                if (p == null && paths.size() < MAX_PATHS_PER_SITE) {
                    p = new PathCount(trace.path);
                    paths.put(trace.pathId, p);
                }
                if (p != null) {
                    p.count++;
                } else {
                    otherPaths++;
                }
            }
        }

        /** The number of distinct caller paths (those not kept counted as one more), and the first few. */
        int pathCount(List<PathCount> first) {
            synchronized (paths) {
                for (PathCount p : paths.values()) {
                    if (first.size() == PATHS_SHOWN) {
                        break;
                    }
                    first.add(p);
                }
                return paths.size() + (otherPaths > 0 ? 1 : 0);
            }
        }
    }

    /** One caller path of a site: the application frames below its line, and how many leaks took it. */
    static final class PathCount {
        final StackTraceElement[] frames;
        long count;

        PathCount(StackTraceElement[] frames) {
            this.frames = frames;
        }
    }

    Reporter(Config config, Consumer<String> problems) {
        this.config = config;
        this.log = LogSink.of(config.log());
        this.json = config.reportFile() != null ? new JsonLinesSink(config.reportFile(), problems) : null;
        this.ignore = IgnoreRules.load(config.ignoreFile(), problems);
        this.rules = ApplicationFrames.of(config);
        this.autoStacks = config.stackEvery() == Config.STACKS_AUTO;
    }

    /** One leak about to be reported: its facts, worked out once. */
    final class Leak {
        final BodyRef ref;
        final ApplicationFrames.Trace frames;
        final String url;
        final String site;
        final long openMillis;
        final SiteCount count;
        /** This leak's place among the reported leaks of its site: 1, 2, ... */
        final long place;

        Leak(BodyRef ref, ApplicationFrames.Trace frames, String url, String site, long openMillis, SiteCount count) {
            this.ref = ref;
            this.frames = frames;
            this.url = url;
            this.site = site;
            this.openMillis = openMillis;
            this.count = count;
            this.place = count.reported.incrementAndGet();
        }

        /** What a test failure (or a fail-fast request) shows: see {@link FailureText}. */
        String failure() {
            return FailureText.of(ref, url, frames);
        }
    }

    /**
     * The leak of {@code ref}, counted; null if its site is ignored (then it is counted as ignored too, and
     * that is all).
     */
    Leak leakOf(BodyRef ref, long nowNanos) {
        ApplicationFrames.Trace frames = ref.trace(rules);
        String url = url(ref.facts.url);
        String site = siteId(ref, frames, url);
        SiteCount count = siteCount(site, ref.client(), frames);
        count.leaked.incrementAndGet();
        count.countPath(frames);
        if (autoStacks) {
            AutoStacks.leaked(ref.facts); // its endpoint's next bodies carry their stacks
        }
        if (ignore.ignores(site, frames != null ? frames.frames : null, frames != null ? frames.via : null)) {
            count.ignored.incrementAndGet();
            ref.client().countIgnored();
            return null;
        }
        // its place is taken now, not when logged: two leaks of one site reported at once (the reaper thread
        // and a collection on another thread) must not both see the later count and skip the full report
        return new Leak(ref, frames, url, site, ref.openMillis(nowNanos), count);
    }

    /** Reports a leak that fails no test ({@link #leakOf}, {@link #log}); the text logged, or null. */
    String leak(BodyRef ref, long nowNanos) {
        Leak leak = leakOf(ref, nowNanos);
        return leak != null ? log(leak, false) : null;
    }

    /**
     * Logs a leak: in full for the first few of its site, then counted. One that fails a test
     * ({@code failsTest}) gets one line: the failure shows its stack. Returns the text logged, or null.
     */
    String log(Leak leak, boolean failsTest) {
        BodyRef ref = leak.ref;
        long n = leak.place;
        boolean full = n <= FULL_REPORTS_PER_SITE;
        if (json != null) { // every leak is one event; the stack only on the first few of its site
            json.write(event("leak", ref, leak.url, leak.site, leak.openMillis, leak.frames, full)
                    .field("siteLeaks", n).toString());
        }
        LeakEvents.leak(ref, leak.url, leak.site, leak.openMillis, leak.frames);
        if (!full) {
            if (isPowerOfTen(n)) {
                log.warn("LEAK: " + n + " leaks so far from site " + leak.site + " (" + ref.client().id() + " "
                        + ref.facts.method + " " + leak.url + ", first at " + leak.count.firstFrame + "); only the first "
                        + FULL_REPORTS_PER_SITE + " are reported in full, the rest are counted in the summary"
                        + (json != null ? " and each is one event in the report file" : ""));
            }
            return null;
        }
        String text;
        if (failsTest) {
            text = "LEAK: " + ref.client().id() + ' ' + ref.facts.method + ' ' + leak.url + " status="
                    + ref.facts.status + " at " + firstFrame(leak.frames) + " site=" + leak.site + " pinned="
                    + pinnedText(ref) + " reclaimed=" + ref.reclaimed + " - fails the test that made it";
        } else {
            text = leakText("LEAK", leakWhat(ref) + " Close it (try-with-resources) or read it fully.",
                    ref, leak.url, leak.site, leak.openMillis, leak.frames);
        }
        log.warn(text);
        return text;
    }

    /** What happened, in words: whether the body still pinned its connection. */
    private static String leakWhat(BodyRef ref) {
        return ref.reclaimed && ref.client().reclaimsItself() && !Lifecycle.reclaim()
                ? "a response body was garbage-collected while still open: it was neither closed nor read to EOF. "
                        + "The transport closed its connection itself, as it does for every leaked body (reclaim is off)."
                : ref.reclaimed
                ? "a response body was garbage-collected while still open: it was neither closed nor read to EOF. "
                        + "reclaim gave its connection back (closed it and freed its pool slot), as a close would have."
                : ref.pinnedAsKnown() == null
                ? "a response body was garbage-collected while still open: it was neither closed nor read to EOF."
                : ref.pinned()
                ? "a response body was garbage-collected while still open: it was neither closed nor read to EOF, "
                        + "so its connection was never reused."
                : "a response body was garbage-collected while still open: the application neither closed it nor "
                        + "read it to EOF. The library had read it ahead to its end and released the connection, so "
                        + "this leak pinned nothing; the same line with a larger body pins a connection.";
    }

    /** {@code true}, {@code false}, or {@code unknown} where the client cannot tell. */
    private static String pinnedText(BodyRef ref) {
        Boolean pinned = ref.pinnedAsKnown();
        return pinned != null ? pinned.toString() : "unknown";
    }

    /** One line for a body still open and referenced, with the first frame of its creation stack. */
    String describeOpen(BodyRef ref, long nowNanos) {
        ApplicationFrames.Trace frames = ref.trace(rules);
        return ref.client().id() + " " + ref.facts.method + " " + url(ref.facts.url) + " status=" + ref.facts.status
                + " open=" + ref.openMillis(nowNanos) + "ms, created at "
                + firstFrame(frames);
    }

    void openTooLong(BodyRef ref, long nowNanos) {
        ApplicationFrames.Trace frames = ref.trace(rules);
        String url = url(ref.facts.url);
        String site = siteId(ref, frames, url);
        long openMillis = ref.openMillis(nowNanos);
        log.warn(leakText("OPEN TOO LONG", "a response body has been open for longer than openWarn="
                + config.openWarnMillis() + "ms: it is still referenced, or its read hangs.",
                ref, url, site, openMillis, frames));
        LeakEvents.openTooLong(ref, url, site, openMillis, frames);
        if (json != null) {
            json.write(event("open-too-long", ref, url, site, openMillis, frames, true).toString());
        }
    }

    /**
     * A client's connection pool ran dry: the bodies of that client still open, grouped by site. Every one is
     * an event in the report file; the log gets at most one per client per {@link #POOL_LOG_INTERVAL_NANOS},
     * which names how many were folded into it. {@code reclaimed}: connections given back by the collection
     * just run ({@code reclaim}); -1 without it.
     */
    void poolExhausted(Client client, String detail, List<BodyRef> open, int reclaimed, long nowNanos) {
        long folded = poolLog.computeIfAbsent(client, c -> new PoolLog()).folded(nowNanos);
        LeakEvents.poolExhausted(client.id(), detail, open.size());
        if (folded < 0 && json == null) {
            return; // folded into the next line, and no file to write
        }
        StringBuilder text = new StringBuilder("POOL EXHAUSTED: ").append(client.id()).append(' ').append(detail)
                .append(": ");
        if (reclaimed > 0) {
            text.append("reclaim gave back the connections of ").append(count(reclaimed, "leaked response body",
                    "leaked response bodies")).append(", and the lease is tried again");
        } else if (reclaimed == 0) {
            text.append("reclaim found no leaked response body to take a connection back from");
        }
        if (!open.isEmpty()) {
            text.append(reclaimed >= 0 ? "; " : "").append(count(open.size(), "response body", "response bodies"))
                    .append(" of this client ").append(open.size() == 1 ? "is" : "are")
                    .append(" still open (neither closed nor read to EOF), ")
                    .append(open.size() == 1 ? "holding a pooled connection:" : "each holding a pooled connection:");
        } else if (reclaimed < 0) {
            text.append("no response body of this client is open now");
        }
        String sitesJson = appendGroups(text, open, nowNanos);
        // bodies of this client found leaked already: a pool that frees nothing on collection still holds theirs
        // (with reclaim, their connections were given back as they were found: the log does not list them)
        StringBuilder leakedJson = new StringBuilder("[");
        for (Map.Entry<String, SiteCount> e : sortedSites()) {
            SiteCount c = e.getValue();
            long n = c.leaked.get() + c.ignored.get();
            if (c.client != client || n == 0) {
                continue;
            }
            if (leakedJson.length() > 1) {
                leakedJson.append(',');
            } else if (reclaimed < 0) {
                text.append(open.isEmpty() ? "; leaked earlier" : "\n  and leaked earlier")
                        .append(" (reported above; their connections may still be leased):");
            }
            if (reclaimed < 0) {
                text.append("\n  ").append(n).append(" leaked from site ").append(e.getKey()).append(", at ")
                        .append(c.firstFrame);
            }
            leakedJson.append(new Json().field("site", e.getKey()).field("leaked", n).field("frame", c.firstFrame));
        }
        leakedJson.append(']');
        if (folded >= 0) {
            if (folded > 0) {
                text.append("\n  (").append(foldedText(folded, "of this client ")).append(")");
            }
            log.warn(text.toString());
        }
        if (json != null) {
            Json event = event("pool-exhausted").field("client", client.id())
                    .field("detail", detail).field("open", open.size());
            if (reclaimed >= 0) {
                event.field("reclaimed", reclaimed);
            }
            json.write(event.raw("sites", sitesJson).raw("leakedSites", leakedJson.toString()).toString());
        }
    }

    /** {@code 1 leaked response body}, {@code 2 leaked response bodies}. */
    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The events folded into a {@code POOL EXHAUSTED} line, in words. */
    private String foldedText(long folded, String ofClient) {
        return count(folded, "pool-exhausted event ", "pool-exhausted events ") + ofClient + "since the last such line "
                + (folded == 1 ? "was" : "were") + " not logged"
                + (json == null ? "" : folded == 1 ? "; it is in the report file" : "; each is in the report file");
    }

    /** The log's rate limit of {@code POOL EXHAUSTED} lines, for one client. */
    private static final class PoolLog {
        private long lastNanos;
        private boolean logged;
        private long folded;

        /** The number of events folded since the last line if this one is logged; -1 if it is folded. */
        synchronized long folded(long nowNanos) {
            if (logged && nowNanos - lastNanos < POOL_LOG_INTERVAL_NANOS) {
                folded++;
                return -1;
            }
            long n = folded;
            logged = true;
            lastNanos = nowNanos;
            folded = 0;
            return n;
        }

        synchronized long takeFolded() {
            long n = folded;
            folded = 0;
            return n;
        }
    }

    /** The bodies open now, for JMX: grouped by site, oldest first. */
    String dumpOpen(List<BodyRef> open, long nowNanos) {
        StringBuilder text = new StringBuilder().append(open.size())
                .append(open.size() == 1 ? " open response body" : " open response bodies");
        appendGroups(text, open, nowNanos);
        return text.toString();
    }

    /** Appends the bodies grouped by site, oldest site first, to {@code text}; returns the same as JSON. */
    private String appendGroups(StringBuilder text, List<BodyRef> open, long nowNanos) {
        Map<String, List<BodyRef>> bySite = new LinkedHashMap<>();
        Map<String, ApplicationFrames.Trace> framesBySite = new LinkedHashMap<>();
        open.sort(Comparator.comparingLong(r -> r.openedNanos));
        for (BodyRef ref : open) {
            ApplicationFrames.Trace frames = ref.trace(rules);
            String site = siteId(ref, frames, url(ref.facts.url));
            bySite.computeIfAbsent(site, k -> new ArrayList<>()).add(ref);
            framesBySite.putIfAbsent(site, frames);
        }
        StringBuilder sitesJson = new StringBuilder("[");
        for (Map.Entry<String, List<BodyRef>> e : bySite.entrySet()) {
            List<BodyRef> refs = e.getValue();
            BodyRef oldest = refs.get(0);
            ApplicationFrames.Trace frames = framesBySite.get(e.getKey());
            text.append("\n  ").append(refs.size()).append(" open from site ").append(e.getKey()).append(": ")
                    .append(oldest.client().id()).append(' ').append(oldest.facts.method).append(' ')
                    .append(url(oldest.facts.url))
                    .append(" status=").append(oldest.facts.status).append(" oldest open=")
                    .append(oldest.openMillis(nowNanos)).append("ms bytesRead=").append(oldest.bytesRead);
            appendStack(text, frames);
            if (sitesJson.length() > 1) {
                sitesJson.append(',');
            }
            sitesJson.append(new Json().field("site", e.getKey()).field("count", refs.size())
                    .field("method", oldest.facts.method).field("url", url(oldest.facts.url))
                    .field("status", oldest.facts.status)
                    .field("bytesRead", oldest.bytesRead).field("oldestOpenMillis", oldest.openMillis(nowNanos))
                    .field("via", frameList(frames != null ? frames.via : null))
                    .field("stack", frameList(frames != null ? frames.frames : null)));
        }
        return sitesJson.append(']').toString();
    }

    void summary(Stats stats) {
        for (Map.Entry<Client, PoolLog> e : poolLog.entrySet()) {
            long folded = e.getValue().takeFolded();
            if (folded > 0) {
                log.warn("POOL EXHAUSTED: " + e.getKey().id() + ": " + foldedText(folded, ""));
            }
        }
        if (json != null) {
            StringBuilder clients = new StringBuilder("{");
            for (Map.Entry<String, Stats> e : stats.perClient().entrySet()) {
                if (clients.length() > 1) {
                    clients.append(',');
                }
                Json.string(clients, e.getKey());
                clients.append(':').append(e.getValue().toJson());
            }
            clients.append('}');
            StringBuilder siteList = new StringBuilder("[");
            for (Map.Entry<String, SiteCount> e : sortedSites()) {
                if (siteList.length() > 1) {
                    siteList.append(',');
                }
                List<PathCount> first = new ArrayList<>();
                int paths = e.getValue().pathCount(first);
                StringBuilder pathList = new StringBuilder("[");
                for (PathCount p : first) {
                    pathList.append(pathList.length() > 1 ? "," : "").append(new Json().field("count", p.count)
                            .field("stack", frameList(p.frames)));
                }
                siteList.append(new Json().field("site", e.getKey()).field("client", e.getValue().client.id())
                        .field("leaked", e.getValue().leaked.get()).field("ignored", e.getValue().ignored.get())
                        .field("frame", e.getValue().firstFrame).field("paths", paths)
                        .raw("firstPaths", pathList.append(']').toString()));
            }
            siteList.append(']');
            json.write(event("summary").field("opened", stats.opened())
                    .field("consumed", stats.consumed()).field("closed", stats.closed())
                    .field("leaked", stats.leaked()).field("ignored", stats.ignored())
                    .field("reclaimed", stats.reclaimed()).field("unattributed", stats.unattributed()).field("open", stats.open())
                    .field("internalErrors", Problems.internalErrors()).field("stacksTaken", Tracker.stacksTaken())
                    .raw("clients", clients.toString()).raw("sites", siteList.toString()).toString());
            json.close();
        }
        if (stats.leaked() > 0) {
            StringBuilder text = new StringBuilder("bodycheck summary: ").append(stats);
            boolean allIgnored = stats.ignored() == stats.leaked();
            for (Map.Entry<String, SiteCount> e : sortedSites()) {
                text.append("\n  site ").append(e.getKey()).append(": ").append(e.getValue().leaked.get())
                        .append(" leaked");
                if (e.getValue().ignored.get() > 0) {
                    text.append(", ").append(e.getValue().ignored.get()).append(" ignored");
                }
                text.append(", at ").append(e.getValue().firstFrame);
                List<PathCount> first = new ArrayList<>();
                int paths = e.getValue().pathCount(first);
                if (paths > 1) {
                    text.append(", reached by ").append(paths).append(" caller paths");
                    for (PathCount p : first) {
                        text.append("\n    ").append(p.count).append(" from ")
                                .append(p.frames.length > 0 ? CreationSite.format(p.frames[0]) : "(the line itself)");
                    }
                    if (paths > first.size()) {
                        text.append("\n    ... ").append(paths - first.size()).append(" more paths");
                    }
                }
            }
            if (allIgnored) { // every leak was one the ignore file knows: nothing to warn of
                log.info(text.toString());
            } else {
                log.warn(text.toString());
            }
        }
    }

    /** Whether an ignore file has rules: then every stack is recorded, so that they match sampled or not. */
    boolean ignoresAnything() {
        return !ignore.isEmpty();
    }

    void info(String text) {
        log.info(text);
    }

    private List<Map.Entry<String, SiteCount>> sortedSites() {
        List<Map.Entry<String, SiteCount>> list = new ArrayList<>(sites.entrySet());
        list.sort(Comparator.comparingLong((Map.Entry<String, SiteCount> e) ->
                e.getValue().leaked.get() + e.getValue().ignored.get()).reversed());
        return list;
    }

    private SiteCount siteCount(String site, Client client, ApplicationFrames.Trace frames) {
        SiteCount c = sites.get(site);
        if (c == null) {
            String key = sites.size() < MAX_SITES ? site : OTHER_SITES;
            c = sites.computeIfAbsent(key, k -> new SiteCount(client, firstFrame(frames)));
        }
        return c;
    }

    private static String firstFrame(ApplicationFrames.Trace frames) {
        return frames != null && frames.frames.length > 0 ? CreationSite.format(frames.frames[0])
                : "(stack not recorded)";
    }

    /** The site id: of the application frames of the creation stack, or (not sampled) of client, method and URL. */
    private static String siteId(BodyRef ref, ApplicationFrames.Trace frames, String url) {
        return frames != null ? frames.siteId : CreationSite.siteId(ref.client(), ref.facts.method, url);
    }

    private String url(String raw) {
        return config.redact() ? Urls.redact(raw) : raw;
    }

    /**
     * The report of one body: a header line, then its stack ({@code Created at:}); one line only when the
     * body has no stack, naming its endpoint instead.
     */
    private String leakText(String kind, String what, BodyRef ref, String url, String site, long openMillis,
            ApplicationFrames.Trace frames) {
        StringBuilder sb = new StringBuilder(512).append(kind).append(": ").append(ref.client().id()).append(' ')
                .append(ref.facts.method).append(' ').append(url).append(" status=").append(ref.facts.status)
                .append(" bytesRead=").append(ref.bytesRead).append(" open=").append(openMillis)
                .append("ms thread=").append(ref.thread()).append(" site=").append(site).append(" pinned=")
                .append(pinnedText(ref)).append(" reclaimed=").append(ref.reclaimed).append(" - ").append(what);
        if (frames == null) {
            sb.append(" No creation stack was recorded for it, endpoint ").append(endpoint(ref)).append(": ")
                    .append(autoStacks
                            ? "stacks=auto records the stack of every later body of an endpoint that leaked (at most "
                                    + AutoStacks.MAX_HOT + " endpoints), so its "
                                    + "next leak names the line"
                            : "see the 'stacks' option");
            return sb.toString();
        }
        sb.append(" Created at:");
        appendStack(sb, frames);
        if (frames.testFrame != null) {
            sb.append("\n\ttest: ").append(CreationSite.format(frames.testFrame)).append(testName(ref));
        }
        return sb.toString();
    }

    /** The body's endpoint: method, host and path with id-like segments folded ({@link Endpoint}). */
    private static String endpoint(BodyRef ref) {
        return Endpoint.of(ref.facts.method, ref.facts.url);
    }

    /**
     * The {@code via} line (the framework frames the application called into, nearest first, when there are
     * any), then the stack from the application's line.
     */
    private static void appendStack(StringBuilder sb, ApplicationFrames.Trace frames) {
        if (frames == null) {
            sb.append("\n\t(creation stack not recorded: see the 'stacks' option)");
            return;
        }
        if (frames.via.length > 0) {
            sb.append("\n\tvia ");
            for (int i = 0; i < frames.via.length; i++) {
                sb.append(i > 0 ? " -> " : "").append(CreationSite.format(frames.via[i]));
            }
            if (frames.viaTotal > frames.via.length) {
                sb.append(" -> ... (").append(frames.viaTotal - frames.via.length).append(" more)");
            }
        }
        for (StackTraceElement f : frames.frames) {
            sb.append("\n\tat ").append(CreationSite.format(f));
        }
    }

    /** An event of the report file: its name, when (ISO-8601, UTC) and in which process. */
    private static Json event(String name) {
        long p = pid;
        if (p == 0) {
            p = ProcessHandle.current().pid();
            pid = p;
        }
        return new Json().field("event", name).field("time", java.time.Instant.now().toString()).field("pid", p);
    }

    /** {@code withStack}: the via and stack frames too (not on the later leaks of a site). */
    private static Json event(String name, BodyRef ref, String url, String site, long openMillis,
            ApplicationFrames.Trace frames, boolean withStack) {
        Json event = event(name).field("client", ref.client().id()).field("method", ref.facts.method)
                .field("url", url).field("status", ref.facts.status).field("bytesRead", ref.bytesRead)
                .field("openMillis", openMillis).field("thread", ref.thread()).field("site", site)
                .field("pinned", ref.pinnedAsKnown()).field("reclaimed", ref.reclaimed).field("endpoint", endpoint(ref))
                .field("via", frameList(withStack && frames != null ? frames.via : null))
                .field("stack", frameList(withStack && frames != null ? frames.frames : null));
        Object owner = ref.owner();
        if (owner instanceof TestRun) {
            TestRun run = (TestRun) owner;
            Json test = new Json().field("id", run.id).field("name", run.name);
            if (frames != null && frames.testFrame != null) {
                test.field("frame", CreationSite.format(frames.testFrame));
            }
            event.raw("test", test.toString());
        }
        return event;
    }

    /** " (test Class.method())" when the body belongs to a test; else nothing. */
    private static String testName(BodyRef ref) {
        Object owner = ref.owner();
        return owner instanceof TestRun ? " (test " + ((TestRun) owner).qualifiedName() + ")" : "";
    }

    private static List<String> frameList(StackTraceElement[] frames) {
        if (frames == null) {
            return Collections.emptyList();
        }
        List<String> list = new ArrayList<>(frames.length);
        for (StackTraceElement f : frames) {
            list.add(CreationSite.format(f));
        }
        return list;
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
