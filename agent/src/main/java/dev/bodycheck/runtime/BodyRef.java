package dev.bodycheck.runtime;

import java.lang.ref.ReferenceQueue;

/**
 * The tracker's record of one open body: a weak reference to it (never a strong one) and the facts a
 * report needs once the body is gone.
 */
final class BodyRef extends WeakIdentityTable.Entry {
    final Client client;
    final String method;
    final String url;
    final int status;
    final long openedNanos;
    final String thread;
    /** The thread that made the request, and the body's place in the order of all opens: for per-test checks. */
    final long threadId;
    final long sequence;
    /** Null when the stack was not sampled. */
    final CreationSite site;
    /** Run when the body leaks (the reference transport closes the body's socket); may be null. */
    final AutoCloseable onLeak;
    /** Written by the reading thread only; a report may see it a little stale, never torn on a 64-bit VM. */
    long bytesRead;
    volatile boolean warnedOpen;

    BodyRef(Object body, ReferenceQueue<Object> queue, Client client, String method, String url, int status,
            CreationSite site, AutoCloseable onLeak, long sequence) {
        super(body, queue);
        this.client = client;
        this.method = method;
        this.url = url;
        this.status = status;
        this.openedNanos = System.nanoTime();
        this.thread = site != null ? site.thread : Thread.currentThread().getName();
        this.threadId = site != null ? site.threadId : Thread.currentThread().getId();
        this.sequence = sequence;
        this.site = site;
        this.onLeak = onLeak;
    }

    long openMillis(long nowNanos) {
        return (nowNanos - openedNanos) / 1_000_000;
    }
}
