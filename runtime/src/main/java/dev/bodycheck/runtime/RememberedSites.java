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

    static void remember(Object requestKey, CreationSite site) {
        remember(requestKey, site, null);
    }

    /** Remembers the request's facts too ({@code site} may be null: not sampled). */
    static void remember(Object requestKey, CreationSite site, ResponseFacts facts) {
        for (Reference<?> stale; (stale = KEYS.poll()) != null; ) {
            SITES.removeEntry((RememberedSite) stale);
        }
        SITES.add(new RememberedSite(requestKey, KEYS, site, facts));
    }

    /** The request was redirected: its response comes from {@code url}; the site stays the request's. */
    static void redirected(Object requestKey, String url) {
        RememberedSite remembered = SITES.find(requestKey);
        if (remembered != null && remembered.facts != null && !url.equals(remembered.facts.url)) {
            SITES.removeEntry(remembered);
            SITES.add(new RememberedSite(requestKey, KEYS, remembered.site,
                    remembered.facts.answered(url, remembered.facts.status)));
        }
    }

    /** The facts remembered for this request, or null. */
    static ResponseFacts factsOf(Object requestKey) {
        RememberedSite remembered = SITES.find(requestKey);
        return remembered != null ? remembered.facts : null;
    }

    /** What was remembered for this request (its site may be null: none was taken), or null. */
    static RememberedSite entryOf(Object requestKey) {
        return SITES.find(requestKey);
    }

    /** The site remembered for this request, or null. */
    static CreationSite of(Object requestKey) {
        RememberedSite remembered = SITES.find(requestKey);
        return remembered != null ? remembered.site : null;
    }
}
