package dev.bodycheck.runtime;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * What advice woven into HTTP libraries calls: a body was created, read, ended. These static methods
 * never throw into the caller (but {@link #failFastCheck()}, whose whole point is to throw); an error
 * inside goes to {@link Problems#internalError}. A body the agent made itself keeps the {@link BodyRef}
 * that {@code open} returns and reports through it; a library's own body object holds its record in a field
 * where the agent could weave one ({@link HasBodyRef}), else it is found by identity.
 */
public final class Tracker {
    // no lambdas on the start-up path: the first one costs the JVM tens of milliseconds to set up
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<Pending>() {
        @Override
        protected Pending initialValue() {
            return new Pending();
        }
    };

    /** The record of the body this thread read last (a weak reference to it, never the body). */
    private static final ThreadLocal<BodyRef[]> LAST_READ = new ThreadLocal<BodyRef[]>() {
        @Override
        protected BodyRef[] initialValue() {
            return new BodyRef[1];
        }
    };

    /** The facts of a response whose body a library is about to create on this thread. */
    private static final class Pending {
        ResponseFacts facts;
        Object siteKey;
        /** The last body opened here from prepared facts, until the library hands its response on. */
        BodyRef lastOpened;
        /**
         * While the application's call into a library runs on this thread ({@link #enterRequest}): the stack taken
         * there for the body made inside, or {@link #IN_CALL}; null outside such a call.
         */
        Object entry;
    }

    /** {@link Pending#entry} in a call whose body decides on its stack when it is opened. */
    private static final Object IN_CALL = new Object();

    /** Creation stacks taken so far (JMX {@code StacksTaken}, the summary's {@code stacksTaken}). */
    private static final LongAdder STACKS_TAKEN = new LongAdder();

    private Tracker() {
    }

    // ---------------------------------------------------------------- a body is created

    /** A body was created, on the thread that made the request; its handle, or null if not tracked. */
    public static BodyRef open(Object body, ResponseFacts facts) {
        return open(body, facts, null, null);
    }

    /**
     * A body was created. {@code siteKey} is the request object given to {@link #rememberSite} when the
     * request was made on another thread (may be null); {@code connection} is the connection side of its
     * exchange, which the client's reclaimer ({@link Clients#register}) gives back if the body leaks and {@code reclaim}
     * applies (may be null; it must not reference the body).
     */
    public static BodyRef open(Object body, ResponseFacts facts, Object siteKey, Object connection) {
        try {
            if (body == null || facts == null) {
                return null;
            }
            RememberedSite remembered = siteKey != null ? RememberedSites.find(siteKey) : null;
            // made on another thread: its stack (if one was taken) and its thread's name are remembered
            return add(body, facts, siteKey == null ? siteFor(facts) : siteOf(remembered, facts),
                    remembered != null ? remembered.requester : null, connection);
        } catch (Throwable t) {
            Problems.internalError(t);
            return null;
        }
    }

    /**
     * The stack of a body whose request may have been made on another thread ({@code remembered} there, or null):
     * the one remembered where it was made, else the one taken at this thread's call into the library; else none
     * when the request's own thread decided against one, nor with {@code stacks=auto} when this thread is the
     * library's (no application frame on it); else this thread's now.
     */
    private static CreationSite siteOf(RememberedSite remembered, ResponseFacts facts) {
        if (remembered != null && remembered.site != null) {
            return remembered.site;
        }
        Object entry = PENDING.get().entry;
        if (entry instanceof CreationSite) {
            return (CreationSite) entry;
        }
        if (remembered != null || (Lifecycle.stackEvery() == Config.STACKS_AUTO && entry != IN_CALL)) {
            return null; // the request's own thread decided against a stack; a library's thread has no application frame
        }
        return siteFor(facts);
    }

    /**
     * Opens a body whose creation site was taken earlier (null: not sampled), on the request of {@code requester}.
     */
    static BodyRef openAt(Object body, ResponseFacts facts, CreationSite site, RequestThread requester,
            Object connection) {
        try {
            return body == null || facts == null ? null : add(body, facts, site, requester, connection);
        } catch (Throwable t) {
            Problems.internalError(t);
            return null;
        }
    }

    private static BodyRef add(Object body, ResponseFacts facts, CreationSite site, RequestThread requester,
            Object connection) {
        Lifecycle.reporter(); // starts the tracker if nobody did
        BodyRef ref = OpenBodies.open(body, facts, site, requester, connection);
        if (!LinkedRecords.linked(ref)) { // a record the body holds needs no help
            LAST_READ.get()[0] = ref; // its first read, on this thread as a rule, needs no lookup
        }
        Lifecycle.opened();
        return ref;
    }

    /**
     * The application's stack now, if a body whose endpoint is not known yet (a library's asynchronous entry) is
     * to have one ({@code stacks=}).
     */
    static CreationSite siteIfSampled() {
        return siteFor(null);
    }

    /** The application's stack now, if a body of the response {@code facts} (null: not known yet) is to have one. */
    static CreationSite siteFor(ResponseFacts facts) {
        int every = Lifecycle.stackEvery();
        boolean take;
        if (every == 1) {
            take = true;
        } else if (every == Config.STACKS_AUTO) {
            take = AutoStacks.wanted(facts);
        } else {
            take = every > 1 && ThreadLocalRandom.current().nextInt(every) == 0;
        }
        if (!take) {
            return null;
        }
        STACKS_TAKEN.increment();
        return new CreationSite();
    }

    /** How many creation stacks were taken so far. */
    public static long stacksTaken() {
        return STACKS_TAKEN.sum();
    }

    /**
     * Records where an asynchronous request was made (its stack if sampled, its thread always); its body,
     * created later elsewhere, names this site and thread.
     */
    public static void rememberSite(Object requestKey) {
        rememberSite(requestKey, null);
    }

    /**
     * Like {@link #rememberSite(Object)}, knowing the request's {@code facts} (null: not known yet): with
     * {@code stacks=auto}, only a request of an endpoint that leaked before (or a sampled one) takes its stack.
     */
    public static void rememberSite(Object requestKey, ResponseFacts facts) {
        try {
            if (requestKey != null) {
                RememberedSites.remember(requestKey, siteFor(facts), null);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * The site {@link #rememberSite remembered} for {@code from} is {@code key}'s too: for a library that makes
     * its request object later, on its own thread (Vert.x: the future of the request, then the request).
     */
    public static void rememberSiteOf(Object key, Object from) {
        try {
            RememberedSite remembered = key != null && from != null ? RememberedSites.find(from) : null;
            if (remembered != null) {
                RememberedSites.rememberAs(key, remembered);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * Records an asynchronous request's facts and (if sampled) where it was made, for a library whose
     * response head, on its own thread, knows nothing of its request ({@link #openRemembered}).
     */
    public static void rememberRequest(Object requestKey, ResponseFacts facts) {
        try {
            if (requestKey != null && facts != null) {
                RememberedSites.remember(requestKey, siteFor(facts), facts);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * The request {@link #rememberRequest remembered} by {@code requestKey} was redirected, by the library on
     * its own thread: its response comes from {@code url}. The stack stays the one of the first request.
     */
    public static void rememberRedirect(Object requestKey, String url) {
        try {
            if (requestKey != null && url != null) {
                RememberedSites.redirected(requestKey, url);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** Opens {@code body} with the facts {@link #rememberRequest remembered} by {@code requestKey}; false if none. */
    public static boolean openRemembered(Object body, Object requestKey, int status) {
        try {
            ResponseFacts facts = requestKey != null ? RememberedSites.factsOf(requestKey) : null;
            return facts != null && open(body, facts.withStatus(status), requestKey, null) != null;
        } catch (Throwable t) {
            Problems.internalError(t);
            return false;
        }
    }

    /**
     * Like {@link #rememberSite}, unless a site is remembered for {@code requestKey} already: for a key that
     * the library's own follow-up requests share (a conversation's redirects, sent on its threads).
     */
    public static void rememberFirstSite(Object requestKey) {
        try {
            if (requestKey != null && RememberedSites.find(requestKey) == null) {
                rememberSite(requestKey);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * The facts of the response whose body is about to be created on this thread ({@link #openPrepared});
     * {@code siteKey} as for {@link #open(Object, ResponseFacts, Object, AutoCloseable)}.
     */
    public static void prepare(ResponseFacts facts, Object siteKey) {
        try {
            Pending p = PENDING.get();
            p.facts = facts;
            p.siteKey = siteKey;
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** Opens {@code body} with the facts {@link #prepare prepared} on this thread, if there are any. */
    public static boolean openPrepared(Object body) {
        return openPrepared(body, Integer.MIN_VALUE);
    }

    /**
     * Like {@link #openPrepared(Object)}, for libraries that know the request before the response: the
     * status, unknown when the facts were prepared, is given here. True if the body was opened.
     */
    public static boolean openPrepared(Object body, int status) {
        return openPrepared(body, status, null);
    }

    /**
     * Like {@link #openPrepared(Object, int)}, with the connection side of the body's exchange (see
     * {@link #open(Object, ResponseFacts, Object, Object)}); {@code status} {@link Integer#MIN_VALUE} if the
     * prepared facts have it.
     */
    public static boolean openPrepared(Object body, int status, Object connection) {
        try {
            Pending p = PENDING.get();
            ResponseFacts facts = p.facts;
            if (facts != null) {
                Object key = p.siteKey;
                p.facts = null;
                p.siteKey = null;
                ResponseFacts f = status == Integer.MIN_VALUE ? facts : facts.withStatus(status);
                BodyRef ref = key == null && p.entry instanceof CreationSite
                        ? openAt(body, f, (CreationSite) p.entry, null, connection) : open(body, f, key, connection);
                p.lastOpened = ref;
                return ref != null;
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        return false;
    }

    /**
     * The application calls a library on this thread, and the library makes the body inside, on this thread
     * (Apache 5's exec chain, OkHttp's {@code RealCall.execute}). While every body gets a stack ({@code stacks=all},
     * or {@code auto} while a test framework watches) it is taken here, once, with fewer frames to walk than
     * deep in the library, and the body opened inside gets it: the same application line. Otherwise the body
     * decides when it is opened, where its endpoint is known. Pass what this returns to {@link #exitRequest}
     * when the call returns.
     */
    public static Object enterRequest() {
        try {
            Pending p = PENDING.get();
            Object previous = p.entry;
            int every = Lifecycle.stackEvery();
            // paused (the benchmark's switch): no body will open, so no stack either
            if (!Clients.paused() && (every == 1 || (every == Config.STACKS_AUTO && PerTestChecks.watching()))) {
                STACKS_TAKEN.increment();
                p.entry = new CreationSite();
            } else {
                p.entry = IN_CALL;
            }
            return previous;
        } catch (Throwable t) {
            Problems.internalError(t);
            return null;
        }
    }

    /** The call that {@link #enterRequest} saw returned: {@code previous} is what that returned. */
    public static void exitRequest(Object previous) {
        try {
            PENDING.get().entry = previous;
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    public static void clearPrepared() {
        prepare(null, null);
    }

    // ---------------------------------------------------------------- a library's own body is read or ended

    /**
     * {@code n > 0} bytes of {@code body} were read. A thread reads one body at a time, so the record of the
     * body it read last is kept: a run of reads (Apache's single-byte {@code read()} among them) costs one
     * lookup, then a comparison each.
     */
    public static void read(Object body, long n) {
        try {
            if (body instanceof HasBodyRef) { // holds its record: no lookup
                BodyRef ref = ((HasBodyRef) body).bodycheck$ref();
                if (ref != null && ref.get() == body) {
                    ref.read(n);
                }
                return;
            }
            BodyRef[] last = LAST_READ.get();
            BodyRef ref = last[0];
            if (ref == null || ref.ended || ref.get() != body) {
                ref = OpenBodies.find(body);
                last[0] = ref;
            }
            if (ref != null) {
                ref.read(n);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** The body was read to EOF (by the application or a library helper). */
    public static void consumed(Object body) {
        consumed(body, null);
    }

    /** The body was closed, aborted or failed before EOF. After {@link #consumed}, this changes nothing. */
    public static void closed(Object body) {
        closed(body, null);
    }

    /**
     * The library's source of {@code body} reached its end (and the library released the connection);
     * {@code buffer} is where that source's bytes went. If the application has nothing left to read, the
     * body was consumed. Otherwise the library read ahead of the application: the body stays open with the
     * buffer the application reads from; dropped with bytes unread it leaked (though it pinned nothing this
     * time); if nothing is left unread when it is collected or closed, it was consumed.
     */
    public static void sourceEnded(Object body, Object buffer) {
        try {
            if (body == null || buffer == null) {
                return;
            }
            BodyRef ref = OpenBodies.find(body);
            if (ref != null && (sourceEnded(ref, buffer) || ref.get() != null)) {
                return;
            }
            // handed over to a stream of the application's, before or while this ran: the record is the alias's
            ref = OpenBodies.movedFrom(body);
            if (ref != null) {
                sourceEnded(ref, buffer);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** True if this ended the body (nothing left unread). */
    private static boolean sourceEnded(BodyRef ref, Object buffer) {
        Object application = ref.applicationBuffer();
        if (application != null && application != buffer) {
            ref.readAhead(application); // a decoder's output: only later reads of it tell
        } else if (ref.client().unread(buffer) == 0) {
            OpenBodies.end(ref, State.CONSUMED);
            return true;
        } else {
            ref.readAhead(buffer);
        }
        return false;
    }

    /** A library hands on the response whose body was opened last on this thread: forget it. */
    public static void handingOn() {
        try {
            PENDING.get().lastOpened = null;
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * The body opened last on this thread reaches the application through {@code buffer} (a decoder's
     * output, as OkHttp's transparent gzip): what the application has still to read is there.
     */
    public static void readThrough(Object buffer) {
        try {
            Pending p = PENDING.get();
            BodyRef ref = p.lastOpened;
            p.lastOpened = null;
            if (ref != null && buffer != null) {
                ref.readThrough(buffer);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** True while {@code body} is tracked and neither consumed nor closed. */
    public static boolean isOpen(Object body) {
        try {
            return body != null && OpenBodies.find(body) != null;
        } catch (Throwable t) {
            Problems.internalError(t);
            return false;
        }
    }

    /**
     * Lets {@code key} end the open {@code body} too ({@link #closedVia}): for libraries in which an abort
     * or release reaches a connection holder but never the body object.
     */
    public static void alias(Object key, Object body) {
        try {
            if (key != null && body != null) {
                OpenBodies.alias(key, body);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * Like {@link #consumed}, for a body {@link #alias aliased} to {@code key}: that alias goes too, which would
     * else stay until {@code key} is collected.
     */
    public static void consumed(Object body, Object key) {
        if (body != null) {
            OpenBodies.end(body, State.CONSUMED, key);
        }
    }

    /** Like {@link #closed}, for a body {@link #alias aliased} to {@code key}: that alias goes too. */
    public static void closed(Object body, Object key) {
        if (body != null) {
            OpenBodies.end(body, State.CLOSED, key);
        }
    }

    /** The body {@link #alias aliased} to {@code key}, if still open, was closed (aborted, released). */
    public static void closedVia(Object key) {
        try {
            if (key != null) {
                OpenBodies.endVia(key, State.CLOSED);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** The body {@link #alias aliased} to {@code key}, if still open, was read to its end. */
    public static void consumedVia(Object key) {
        try {
            if (key != null) {
                OpenBodies.endVia(key, State.CONSUMED);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * The library ended {@code body}: read to its end ({@code consumed}) or failed, aborted, cancelled; or
     * the stream it was {@link #handOver handed over} as, if that is still open.
     */
    public static void libraryEnded(Object body, boolean consumed) {
        try {
            if (body != null) {
                OpenBodies.endedHere(body, consumed ? State.CONSUMED : State.CLOSED);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /**
     * The open body {@code libraryBody} reaches the application as the stream {@code in}, which the
     * library keeps reachable from its own I/O machinery: the application gets a wrapper that only it holds,
     * which is tracked from now on (reads, EOF and close through it; dropped, it is found leaked), and
     * {@code libraryBody} stays its alias ({@link #libraryEnded}). Returns {@code in}
     * itself when {@code libraryBody} is not open.
     */
    public static java.io.InputStream handOver(Object libraryBody, java.io.InputStream in) {
        try {
            if (libraryBody == null || in == null || OpenBodies.find(libraryBody) == null) {
                return in;
            }
            TrackedInputStream wrapper = new TrackedInputStream(in);
            wrapper.handle = OpenBodies.moveTo(libraryBody, wrapper);
            return wrapper.handle != null ? wrapper : in;
        } catch (Throwable t) {
            Problems.internalError(t);
            return in;
        }
    }

    /**
     * Like {@link #handOver}, for a stream that the library made apart from the body's own object and that
     * only the application holds: {@code key} was {@link #alias aliased} to the open body when the library
     * made it (Apache's classic adaptor: the consumer is the body, its inner stream the key). Returns {@code in}
     * itself when that body is not open.
     */
    public static java.io.InputStream handOverVia(Object key, java.io.InputStream in) {
        try {
            if (key == null || in == null) {
                return in;
            }
            TrackedInputStream wrapper = new TrackedInputStream(in);
            wrapper.handle = OpenBodies.moveVia(key, wrapper);
            return wrapper.handle != null ? wrapper : in;
        } catch (Throwable t) {
            Problems.internalError(t);
            return in;
        }
    }

    /**
     * Lets {@code key} stand for the open body that {@code via} is an {@link #alias} of (a library's response
     * object made around the library's inner publisher), so that {@link #handOverTo} finds it from there.
     */
    public static void aliasVia(Object key, Object via) {
        try {
            if (key != null && via != null) {
                OpenBodies.aliasVia(key, via);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** True if {@code key} is an open body, or an {@link #alias} of one (through hand-overs). */
    public static boolean isOpenVia(Object key) {
        try {
            return key != null && OpenBodies.openVia(key);
        } catch (Throwable t) {
            Problems.internalError(t);
            return false;
        }
    }

    /**
     * Like {@link #handOver}, for any object the agent hands the application instead of the library's (a
     * publisher): the open body that {@code key} is or is an {@link #alias} of is tracked as {@code holder} from
     * now on, and every earlier object and alias of it still ends it. Returns the holder's handle (its end is
     * the body's), or null if there is no such open body.
     */
    public static BodyRef handOverTo(Object key, Object holder) {
        try {
            return key == null || holder == null ? null : OpenBodies.moveFrom(key, holder);
        } catch (Throwable t) {
            Problems.internalError(t);
            return null;
        }
    }

    // ---------------------------------------------------------------- requests and pools

    /** With {@code failFast=true}: throws the leak reported last, once. Call where a new request starts. */
    public static void failFastCheck() {
        FailFast.check();
    }

    /**
     * A client's connection pool ran dry: report that client's open bodies now, without waiting for a GC.
     * With {@code reclaim}, first one bounded collection (at most once per client per second: a lease failing
     * sooner waits for that second to pass) gives back the connections of the leaked bodies it finds. Returns
     * how many connections were given back: if any, the caller retries its lease.
     */
    public static int poolExhausted(String clientId, String detail) {
        try {
            Client client = Clients.tracked(clientId);
            if (client != null) {
                int reclaimed = Lifecycle.reclaim() ? Reaper.heal(client) : -1;
                // a leak the reaper has taken off the registry but not yet counted would be in neither list
                Reaper.awaitReports(System.nanoTime() + 100_000_000L);
                Lifecycle.reporter().poolExhausted(client, detail, OpenBodies.reachable(client), reclaimed,
                        System.nanoTime());
                return Math.max(0, reclaimed);
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
        return 0;
    }

    /**
     * Switches {@code reclaim} at run time (a demo runs one loop with it, an operator turns it on until a fix
     * ships). It applies to bodies opened from then on; for a client that gives back the connections of its
     * leaked bodies itself (the reference transport), it changes nothing.
     */
    public static void reclaim(boolean on) {
        Lifecycle.reclaim(on);
    }

    /** Whether {@code reclaim} is on now. */
    public static boolean reclaims() {
        return Lifecycle.reclaim();
    }

    // ---------------------------------------------------------------- queries

    /** The open bodies, grouped by creation site, oldest first (JMX {@code dumpOpen()}). */
    public static String dumpOpen() {
        try {
            return Lifecycle.reporter().dumpOpen(OpenBodies.reachable(null), System.nanoTime());
        } catch (Throwable t) {
            Problems.internalError(t);
            return "unavailable: " + t;
        }
    }

    public static Stats stats() {
        return Stats.now();
    }

    /** Bodies open now (tracked, neither consumed nor closed, not yet found leaked). */
    public static int openCount() {
        return OpenBodies.size();
    }

    /**
     * Runs garbage collections until no open body is left to be found leaked, for at most
     * {@code maxMillis}; reports the leaks found. Returns the number of leaks found.
     */
    public static int collect(long maxMillis) {
        return Reaper.collect(maxMillis);
    }
}
