package dev.bodycheck.runtime;

import java.lang.ref.ReferenceQueue;

/** The creation site of an asynchronous request, kept until its body is created on another thread. */
final class RememberedSite extends WeakIdentityTable.Entry {
    final CreationSite site;
    /** The request's facts, for a library whose response's head knows nothing of its request; may be null. */
    final ResponseFacts facts;

    RememberedSite(Object request, ReferenceQueue<Object> queue, CreationSite site, ResponseFacts facts) {
        super(request, queue);
        this.site = site;
        this.facts = facts;
    }
}
