package dev.bodycheck.runtime;

import java.lang.ref.ReferenceQueue;

/** The creation site of an asynchronous request, kept until its body is created on another thread. */
final class RememberedSite extends WeakIdentityTable.Entry {
    final CreationSite site;

    RememberedSite(Object request, ReferenceQueue<Object> queue, CreationSite site) {
        super(request, queue);
        this.site = site;
    }
}
