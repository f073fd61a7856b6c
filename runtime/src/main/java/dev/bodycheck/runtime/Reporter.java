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
 * Turns tracker events into reports on the log and the JSON Lines file. One site (one creation
 * stack) is reported in full a few times; after that its leaks are counted, with a short line at
 * every power of ten, and the counts appear in the exit summary.
 */
final class Reporter {
    static final int FULL_REPORTS_PER_SITE = 3;
    /** Beyond this many distinct sites, new ones are counted together, so that memory stays bounded. */
    private static final int MAX_SITES = 10_000;
    private static final String OTHER_SITES = "other";

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

        SiteCount(Client client, String firstFrame) {
            this.client = client;
            this.firstFrame = firstFrame;
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
            return FailureText.of(ref, url, frames != null ? frames.frames : null);
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
            json.write(event("leak", ref, leak.url, leak.site, leak.openMillis, full ? leak.frames : null)
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
                    + ref.pinned() + " reclaimed=" + ref.reclaimed + " - fails the test that made it";
        } else {
            text = leakText("LEAK", leakWhat(ref) + " Close it (try-with-resources) or read it fully.",
                    ref, leak.url, leak.site, leak.openMillis, leak.frames);
        }
        log.warn(text);
        return text;
    }

    /** What happened, in words: whether the body still pinned its connection. */
    private static String leakWhat(BodyRef ref) {
        return ref.reclaimed
                ? "a response body was garbage-collected while still open: it was neither closed nor read to EOF. "
                        + "reclaim gave its connection back (closed it and freed its pool slot), as a close would have."
                : ref.pinned()
                ? "a response body was garbage-collected while still open: it was neither closed nor read to EOF, "
                        + "so its connection was never reused."
                : "a response body was garbage-collected while still open: the application neither closed it nor "
                        + "read it to EOF. The library had read it ahead to its end and released the connection, so "
                        + "this leak pinned nothing; the same line with a larger body pins a connection.";
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
            json.write(event("open-too-long", ref, url, site, openMillis, frames).toString());
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
            text.append("reclaim gave back the connections of ").append(reclaimed)
                    .append(" leaked response bodies, and the lease is tried again; ");
        } else if (reclaimed == 0) {
            text.append("reclaim found no leaked response body to take a connection back from; ");
        }
        text.append(open.size()).append(" response bodies of this client are still open (neither "
                        + "closed nor read to EOF), each holding a pooled connection:");
        String sitesJson = appendGroups(text, open, nowNanos);
        // bodies of this client found leaked already: a pool that frees nothing on collection still holds theirs
        StringBuilder leakedJson = new StringBuilder("[");
        for (Map.Entry<String, SiteCount> e : sortedSites()) {
            SiteCount c = e.getValue();
            long n = c.leaked.get() + c.ignored.get();
            if (c.client != client || n == 0) {
                continue;
            }
            if (leakedJson.length() == 1) {
                text.append("\n  and leaked earlier (reported above; their connections may still be leased):");
            } else {
                leakedJson.append(',');
            }
            text.append("\n  ").append(n).append(" leaked from site ").append(e.getKey()).append(", at ")
                    .append(c.firstFrame);
            leakedJson.append(new Json().field("site", e.getKey()).field("leaked", n).field("frame", c.firstFrame));
        }
        leakedJson.append(']');
        if (folded >= 0) {
            if (folded > 0) {
                text.append("\n  (").append(folded).append(" more pool-exhausted events of this client since the "
                        + "last such line were not logged").append(json != null ? "; each is in the report file)" : ")");
            }
            log.warn(text.toString());
        }
        if (json != null) {
            Json event = new Json().field("event", "pool-exhausted").field("client", client.id())
                    .field("detail", detail).field("open", open.size());
            if (reclaimed >= 0) {
                event.field("reclaimed", reclaimed);
            }
            json.write(event.raw("sites", sitesJson).raw("leakedSites", leakedJson.toString()).toString());
        }
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
        StringBuilder text = new StringBuilder().append(open.size()).append(" open response bodies");
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
                log.warn("POOL EXHAUSTED: " + e.getKey().id() + ": " + folded + " more pool-exhausted events since "
                        + "the last such line were not logged" + (json != null ? "; each is in the report file" : ""));
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
                siteList.append(new Json().field("site", e.getKey()).field("client", e.getValue().client.id())
                        .field("leaked", e.getValue().leaked.get()).field("ignored", e.getValue().ignored.get())
                        .field("frame", e.getValue().firstFrame));
            }
            siteList.append(']');
            json.write(new Json().field("event", "summary").field("opened", stats.opened())
                    .field("consumed", stats.consumed()).field("closed", stats.closed())
                    .field("leaked", stats.leaked()).field("ignored", stats.ignored())
                    .field("reclaimed", stats.reclaimed()).field("open", stats.open())
                    .field("internalErrors", Problems.internalErrors()).field("stacksTaken", Tracker.stacksTaken()).raw("clients", clients.toString()).raw("sites", siteList.toString()).toString());
            json.close();
        }
        if (stats.leaked() > 0) {
            StringBuilder text = new StringBuilder("bodycheck summary: ").append(stats);
            for (Map.Entry<String, SiteCount> e : sortedSites()) {
                text.append("\n  site ").append(e.getKey()).append(": ").append(e.getValue().leaked.get())
                        .append(" leaked");
                if (e.getValue().ignored.get() > 0) {
                    text.append(", ").append(e.getValue().ignored.get()).append(" ignored");
                }
                text.append(", at ").append(e.getValue().firstFrame);
            }
            log.warn(text.toString());
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
                .append("ms thread=").append(ref.thread).append(" site=").append(site).append(" pinned=")
                .append(ref.pinned()).append(" reclaimed=").append(ref.reclaimed).append(" - ").append(what);
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

    private static Json event(String name, BodyRef ref, String url, String site, long openMillis,
            ApplicationFrames.Trace frames) {
        return new Json().field("event", name).field("client", ref.client().id()).field("method", ref.facts.method)
                .field("url", url).field("status", ref.facts.status).field("bytesRead", ref.bytesRead)
                .field("openMillis", openMillis).field("thread", ref.thread).field("site", site)
                .field("pinned", ref.pinned()).field("reclaimed", ref.reclaimed).field("endpoint", endpoint(ref))
                .field("via", frameList(frames != null ? frames.via : null))
                .field("stack", frameList(frames != null ? frames.frames : null));
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
