package dev.bodycheck.runtime;

import java.lang.ref.ReferenceQueue;

/** The creation site of an asynchronous request, kept until its body is created on another thread. */
final class RememberedSite extends WeakIdentityTable.Entry {
    /** Null when the stack was not sampled. */
    final CreationSite site;
    /** The thread that made the request, when {@code site} does not name it; else null. */
    final RequestThread requester;
    /** The request's facts, for a library whose response's head knows nothing of its request; may be null. */
    final ResponseFacts facts;

    RememberedSite(Object request, ReferenceQueue<Object> queue, CreationSite site, RequestThread requester,
            ResponseFacts facts) {
        super(request, queue);
        this.site = site;
        this.requester = requester;
        this.facts = facts;
    }
}
