package dev.bodycheck.runtime;

import dev.bodycheck.UnclosedBodyError;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The one tracker of the JVM. Advice woven into HTTP libraries calls these static methods; they
 * never throw into the caller (but {@link #failFastCheck()}, whose whole point is to throw).
 *
 * <p>Each open body has a {@link BodyRef}, a weak reference found through an identity table that
 * holds no strong reference to any body. Consuming or closing a body removes and clears its
 * reference, so the table holds exactly the open bodies and the garbage collector only ever enqueues
 * bodies that were dropped while open: leaks. A daemon thread, the reaper, reports those.
 */
public final class Tracker {
    private static final ReferenceQueue<Object> LEAKS = new ReferenceQueue<>();
    private static final ReferenceQueue<Object> SITE_KEYS = new ReferenceQueue<>();
    private static final WeakIdentityTable<BodyRef> OPEN = new WeakIdentityTable<>();
    private static final WeakIdentityTable<RememberedSite> SITES = new WeakIdentityTable<>();
    private static final ReferenceQueue<Object> ALIAS_KEYS = new ReferenceQueue<>();
    private static final WeakIdentityTable<Alias> ALIASES = new WeakIdentityTable<>();
    private static final Counters COUNTERS = new Counters();
    private static final LongAdder INTERNAL_ERRORS = new LongAdder();
    /** Leaks taken off the table whose report is not done yet (so that a collection can wait for them). */
    private static final AtomicInteger REPORTING = new AtomicInteger();
    /** Orders every open; a test checks the bodies opened after its start. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** The last leaks found, kept while someone checks per test ({@link #watch}). */
    private static final RecentLeaks RECENT = new RecentLeaks(256);
    private static final AtomicLong FORCED_COLLECTIONS = new AtomicLong();
    private static volatile boolean watching;
    /** "The status given to {@link #prepare}". */
    private static final int PREPARED_STATUS = Integer.MIN_VALUE;
    // no lambdas on the start-up path: the first one costs the JVM tens of milliseconds to set up
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<Pending>() {
        @Override
        protected Pending initialValue() {
            return new Pending();
        }
    };

    /** {@link #problem}, as a consumer. */
    public static final Consumer<String> PROBLEMS = new Consumer<String>() {
        @Override
        public void accept(String line) {
            problem(line);
        }
    };

    private static volatile Config config = Config.defaults();
    private static volatile Reporter reporter;
    private static volatile String failFastReport;
    private static volatile boolean firstErrorShown;
    private static volatile boolean firstOpenSeen;
    private static volatile String startupNote;

    /** Facts about a response whose body a library is about to create on this thread. */
    private static final class Pending {
        boolean active;
        Client client;
        String method;
        String url;
        int status;
        Object siteKey;
    }

    private Tracker() {
    }

    // ---------------------------------------------------------------- start-up

    /** Starts the tracker with these options; false if it was already started. */
    public static synchronized boolean start(Config c) {
        if (reporter != null) {
            return false;
        }
        config = c;
        reporter = new Reporter(c, PROBLEMS);
        Thread reaper = new Thread(new Runnable() {
            @Override
            public void run() {
                reap();
            }
        }, "bodycheck-reaper");
        reaper.setDaemon(true);
        reaper.start();
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                atExit();
            }
        }, "bodycheck-exit"));
        return true;
    }

    /** Starts with the {@code -Dbodycheck.*} options if no agent did (the reference transport without the agent). */
    private static Reporter reporter() {
        Reporter r = reporter;
        if (r == null) {
            start(Config.parse(null, System.getProperties(), PROBLEMS));
            r = reporter;
        }
        return r;
    }

    public static Config config() {
        return config;
    }

    public static boolean isStarted() {
        return reporter != null;
    }

    /** One line on stderr: bad options, unwritable files. Never stops the application. */
    public static void problem(String line) {
        System.err.println(line);
    }

    public static void info(String line) {
        reporter().info(line);
    }

    // ---------------------------------------------------------------- events from advice

    /** A body was created, on the thread that made the request. */
    public static void open(Object body, Client client, String method, String url, int status) {
        open(body, client, method, url, status, null, null);
    }

    /**
     * A body was created. {@code siteKey} is the request object given to {@link #rememberSite} when the
     * request was made on another thread (may be null); {@code onLeak} is run if the body leaks (may be null).
     */
    public static void open(Object body, Client client, String method, String url, int status, Object siteKey,
            AutoCloseable onLeak) {
        try {
            if (body == null) {
                return;
            }
            reporter(); // starts the tracker if nobody did
            Config c = config;
            if (!c.tracks(client)) {
                return;
            }
            CreationSite site = null;
            if (siteKey != null) {
                RememberedSite remembered = SITES.find(siteKey);
                if (remembered != null) {
                    site = remembered.site;
                }
            }
            if (site == null && sampled(c)) {
                site = new CreationSite();
            }
            add(new BodyRef(body, LEAKS, client, method, url, status, site, onLeak, SEQUENCE.incrementAndGet()));
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** Opens a body whose creation site was taken earlier (null: not sampled). */
    static void openAt(Object body, Client client, String method, String url, int status, CreationSite site) {
        try {
            reporter();
            if (body != null && config.tracks(client)) {
                add(new BodyRef(body, LEAKS, client, method, url, status, site, null, SEQUENCE.incrementAndGet()));
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** The application's stack now, if this body is to have one ({@code stacks=}). */
    static CreationSite siteIfSampled() {
        return sampled(config) ? new CreationSite() : null;
    }

    private static void add(BodyRef ref) {
        OPEN.add(ref);
        COUNTERS.add(ref.client, State.OPEN);
        if (!firstOpenSeen) {
            firstOpen();
        }
    }

    /**
     * The application makes requests: now, on a thread of ours, say which clients are tracked and register
     * the JMX view. Neither is done at start-up, where it would set up logging or JMX before the application.
     */
    private static synchronized void firstOpen() {
        if (firstOpenSeen) {
            return;
        }
        firstOpenSeen = true;
        Thread t = new Thread(() -> {
            String note = startupNote;
            if (note != null) {
                info(note);
            }
            BodyTrackerView.register();
        }, "bodycheck-jmx");
        t.setDaemon(true);
        t.start();
    }

    /** A line said once the application makes its first tracked request (which clients are tracked). */
    public static void startupNote(String note) {
        startupNote = note;
    }

    /** Records where an asynchronous request was made; its body, created later elsewhere, names this site. */
    public static void rememberSite(Object requestKey) {
        try {
            if (requestKey == null || !sampled(config)) {
                return;
            }
            for (Reference<?> stale; (stale = SITE_KEYS.poll()) != null; ) {
                SITES.removeEntry((RememberedSite) stale);
            }
            SITES.add(new RememberedSite(requestKey, SITE_KEYS, new CreationSite()));
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** Facts about the response whose body is about to be created on this thread (see {@link #openPrepared}). */
    public static void prepare(Client client, String method, String url, int status, Object siteKey) {
        try {
            Pending p = PENDING.get();
            p.active = true;
            p.client = client;
            p.method = method;
            p.url = url;
            p.status = status;
            p.siteKey = siteKey;
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** Opens {@code body} with the facts {@link #prepare prepared} on this thread, if there are any. */
    public static void openPrepared(Object body) {
        openPrepared(body, PREPARED_STATUS);
    }

    /**
     * Like {@link #openPrepared(Object)}, for libraries that know the request before the response: the
     * status, unknown when the facts were prepared, is given here. Returns true if the body was opened.
     */
    public static boolean openPrepared(Object body, int status) {
        try {
            Pending p = PENDING.get();
            if (p.active) {
                p.active = false;
                Object key = p.siteKey;
                p.siteKey = null;
                open(body, p.client, p.method, p.url, status == PREPARED_STATUS ? p.status : status, key, null);
                return true;
            }
        } catch (Throwable t) {
            internalError(t);
        }
        return false;
    }

    public static void clearPrepared() {
        try {
            Pending p = PENDING.get();
            p.active = false;
            p.siteKey = null;
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** {@code n > 0} bytes of {@code body} were read. */
    public static void read(Object body, long n) {
        try {
            BodyRef ref = OPEN.find(body);
            if (ref != null) {
                ref.bytesRead += n;
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** The body was read to EOF (by the application or a library helper). */
    public static void consumed(Object body) {
        end(body, State.CONSUMED);
    }

    /** The body was closed, aborted or failed before EOF. After {@link #consumed}, this changes nothing. */
    public static void closed(Object body) {
        end(body, State.CLOSED);
    }

    private static void end(Object body, State state) {
        try {
            if (body == null) {
                return;
            }
            BodyRef ref = OPEN.remove(body);
            if (ref != null) {
                ref.clear(); // a cleared reference is never enqueued: only leaks reach the reaper
                COUNTERS.add(ref.client, state);
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** True while {@code body} is tracked and neither consumed nor closed. */
    public static boolean isOpen(Object body) {
        try {
            return body != null && OPEN.find(body) != null;
        } catch (Throwable t) {
            internalError(t);
            return false;
        }
    }

    /**
     * Lets {@code key} end the open {@code body} too ({@link #closedVia}): for libraries in which an abort
     * or release reaches a connection holder but never the body object.
     */
    public static void alias(Object key, Object body) {
        try {
            if (key == null || body == null) {
                return;
            }
            BodyRef ref = OPEN.find(body);
            if (ref != null) {
                for (Reference<?> stale; (stale = ALIAS_KEYS.poll()) != null; ) {
                    ALIASES.removeEntry((Alias) stale);
                }
                ALIASES.add(new Alias(key, ALIAS_KEYS, ref));
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** The body {@link #alias aliased} to {@code key}, if still open, was closed (aborted, released). */
    public static void closedVia(Object key) {
        try {
            if (key == null) {
                return;
            }
            Alias alias = ALIASES.remove(key);
            if (alias != null && OPEN.removeEntry(alias.body)) {
                alias.body.clear();
                COUNTERS.add(alias.body.client, State.CLOSED);
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** With {@code failFast=true}: throws the leak reported last, once. Call where a new request starts. */
    public static void failFastCheck() {
        String report = failFastReport;
        if (report != null && config.failFast()) {
            failFastReport = null;
            throw new UnclosedBodyError(report);
        }
    }

    /** A client's connection pool ran dry: report that client's open bodies now, without waiting for a GC. */
    public static void poolExhausted(Client client, String detail) {
        try {
            reporter().poolExhausted(client, detail, openBodies(client), System.nanoTime());
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** The open bodies, grouped by creation site, oldest first (JMX {@code dumpOpen()}). */
    public static String dumpOpen() {
        try {
            return reporter().dumpOpen(openBodies(null), System.nanoTime());
        } catch (Throwable t) {
            internalError(t);
            return "unavailable: " + t;
        }
    }

    /** The bodies still open and still reachable, of one client or (null) of all. */
    private static List<BodyRef> openBodies(Client client) {
        List<BodyRef> open = new ArrayList<>();
        for (BodyRef ref : OPEN.snapshot()) {
            if ((client == null || ref.client == client) && ref.get() != null) {
                open.add(ref);
            }
        }
        return open;
    }

    // ---------------------------------------------------------------- per-test checks

    /** Keeps the report of every leak from now on, so that a check can fail the test that caused it. */
    public static void watch() {
        watching = true;
    }

    /** The place of the next body in the order of opens: a check takes the bodies opened after it. */
    public static long mark() {
        return SEQUENCE.get();
    }

    /** How often {@link #check} had to force a collection (a test whose bodies all ended forces none). */
    public static long forcedCollections() {
        return FORCED_COLLECTIONS.get();
    }

    /**
     * The bodies opened after {@code mark} by thread {@code threadId} (any thread if -1) that were not
     * consumed nor closed: forces a collection (at most {@code maxMillis}) only if some are still open, then
     * returns the reports of those that leaked, and describes those still referenced.
     */
    public static TestCheck check(long mark, long threadId, long maxMillis) {
        List<String> leaks = new ArrayList<>();
        List<String> open = new ArrayList<>();
        try {
            // a body already cleared by the collector but not yet reported counts too: it is a leak on its way
            if (!openSince(mark, threadId, false).isEmpty()) {
                FORCED_COLLECTIONS.incrementAndGet();
                long deadline = System.nanoTime() + maxMillis * 1_000_000;
                for (int round = 0; round < 10 && System.nanoTime() < deadline; round++) {
                    collect(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (openSince(mark, threadId, true).size() == openSince(mark, threadId, false).size()) {
                        break; // what is left is still referenced
                    }
                }
            }
            long until = System.nanoTime() + maxMillis * 1_000_000;
            while (REPORTING.get() > 0 && System.nanoTime() < until) {
                Thread.onSpinWait(); // a leak the reaper thread took off the table is being reported right now
            }
            leaks.addAll(RECENT.since(mark, threadId));
            if (!leaks.isEmpty()) {
                failFastReport = null; // the test fails with it: the next request need not throw it again
            }
            long now = System.nanoTime();
            for (BodyRef ref : openSince(mark, threadId, true)) {
                open.add(reporter().describeOpen(ref, now));
            }
        } catch (Throwable t) {
            internalError(t);
        }
        return new TestCheck(leaks, open);
    }

    /** The bodies of that thread opened after {@code mark} and not ended; with {@code live}, only those still reachable. */
    private static List<BodyRef> openSince(long mark, long threadId, boolean live) {
        List<BodyRef> list = new ArrayList<>();
        for (BodyRef ref : OPEN.snapshot()) {
            if (ref.sequence > mark && (threadId < 0 || ref.threadId == threadId) && (!live || ref.get() != null)) {
                list.add(ref);
            }
        }
        return list;
    }

    // ---------------------------------------------------------------- queries

    public static Stats stats() {
        return COUNTERS.snapshot();
    }

    /** Bodies open now (tracked, neither consumed nor closed, not yet found leaked). */
    public static int openCount() {
        return OPEN.size();
    }

    public static long internalErrors() {
        return INTERNAL_ERRORS.sum();
    }

    /**
     * Runs garbage collections until no open body is left to be found leaked, for at most
     * {@code maxMillis}; reports the leaks found. Returns the number of leaks found.
     */
    public static int collect(long maxMillis) {
        long leakedBefore = COUNTERS.snapshot().leaked();
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        int idleRounds = 0;
        while (OPEN.size() > 0 && idleRounds < 3 && System.nanoTime() < deadline) {
            System.gc();
            boolean found = false;
            try {
                for (Reference<?> r; (r = LEAKS.remove(50)) != null; ) {
                    found |= leaked((BodyRef) r);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            idleRounds = found ? 0 : idleRounds + 1;
        }
        while (REPORTING.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // a leak the reaper thread is reporting right now
        }
        // the reaper thread may have reported some of them: count them all
        return (int) (COUNTERS.snapshot().leaked() - leakedBefore);
    }

    // ---------------------------------------------------------------- the reaper

    private static void reap() {
        while (true) {
            try {
                long warn = config.openWarnMillis();
                Reference<?> r = warn > 0 ? LEAKS.remove(Math.max(10, Math.min(1000, warn / 2))) : LEAKS.remove();
                if (r != null) {
                    leaked((BodyRef) r);
                }
                if (warn > 0) {
                    warnOpenTooLong(warn);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                internalError(t);
            }
        }
    }

    private static long lastOpenScan;

    private static void warnOpenTooLong(long warnMillis) {
        long now = System.nanoTime();
        if (now - lastOpenScan < Math.min(1000, warnMillis / 2) * 1_000_000L) {
            return;
        }
        lastOpenScan = now;
        for (BodyRef ref : OPEN.snapshot()) {
            if (!ref.warnedOpen && ref.openMillis(now) >= warnMillis && ref.get() != null) {
                ref.warnedOpen = true;
                reporter().openTooLong(ref, now);
            }
        }
    }

    /**
     * True if this reference was still open, so that it was a leak. Its connection is freed first, then
     * it is reported, then counted: once the counts show a leak, everything about it has been done.
     */
    private static boolean leaked(BodyRef ref) {
        REPORTING.incrementAndGet();
        if (!OPEN.removeEntry(ref)) {
            REPORTING.decrementAndGet();
            return false; // consumed or closed in a race with the collector, or already reported
        }
        try {
            if (ref.onLeak != null) {
                try {
                    ref.onLeak.close();
                } catch (Throwable t) {
                    internalError(t);
                }
            }
            long now = System.nanoTime();
            String report = reporter().leak(ref, now);
            if (watching) {
                RECENT.add(ref, reporter().describe(ref, now));
            }
            if (report != null && config.failFast()) {
                failFastReport = report;
            }
        } finally {
            COUNTERS.add(ref.client, State.LEAKED);
            REPORTING.decrementAndGet();
        }
        return true;
    }

    private static void atExit() {
        try {
            collect(2000);
            reporter().summary(stats());
        } catch (Throwable t) {
            internalError(t);
        }
    }

    static void internalError(Throwable t) {
        INTERNAL_ERRORS.increment();
        if (!firstErrorShown) {
            firstErrorShown = true;
            problem("bodycheck: internal error, swallowed (further ones are only counted): " + t);
        }
    }

    private static boolean sampled(Config c) {
        int every = c.stackEvery();
        return every == 1 || (every > 1 && ThreadLocalRandom.current().nextInt(every) == 0);
    }
}
