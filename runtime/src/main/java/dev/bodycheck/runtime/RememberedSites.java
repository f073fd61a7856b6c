package dev.bodycheck.runtime;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;

/**
 * Creation sites of asynchronous requests (OkHttp's {@code enqueue}), kept by the request object until
 * its body is created on the library's own thread, whose stack holds no application frame.
 */
final class RememberedSites {
    private static final ReferenceQueue<Object> KEYS = new ReferenceQueue<>();
    private static final WeakIdentityTable<RememberedSite> SITES = new WeakIdentityTable<>();

    private RememberedSites() {
    }

    /**
     * Remembers, on the thread that makes the request, its stack ({@code site}; null: not sampled), this thread
     * and the request's facts (may be null).
     */
    static void remember(Object requestKey, CreationSite site, ResponseFacts facts) {
        for (Reference<?> stale; (stale = KEYS.poll()) != null; ) {
            SITES.removeEntry((RememberedSite) stale);
        }
        SITES.add(new RememberedSite(requestKey, KEYS, site, RequestThread.unlessIn(site), facts));
    }

    /** Remembers for {@code requestKey} what was remembered for another key of the same request ({@code from}). */
    static void rememberAs(Object requestKey, RememberedSite from) {
        for (Reference<?> stale; (stale = KEYS.poll()) != null; ) {
            SITES.removeEntry((RememberedSite) stale);
        }
        SITES.add(new RememberedSite(requestKey, KEYS, from.site, from.requester, from.facts));
    }

    /** The request was redirected: its response comes from {@code url}; the site stays the request's. */
    static void redirected(Object requestKey, String url) {
        RememberedSite remembered = SITES.find(requestKey);
        if (remembered != null && remembered.facts != null && !url.equals(remembered.facts.url)) {
            SITES.removeEntry(remembered);
            SITES.add(new RememberedSite(requestKey, KEYS, remembered.site, remembered.requester,
                    remembered.facts.answered(url, remembered.facts.status)));
        }
    }

    /** The facts remembered for this request, or null. */
    static ResponseFacts factsOf(Object requestKey) {
        RememberedSite remembered = SITES.find(requestKey);
        return remembered != null ? remembered.facts : null;
    }

    /** What was remembered for this request, or null. */
    static RememberedSite find(Object requestKey) {
        return SITES.find(requestKey);
    }
}
