package dev.bodycheck.runtime;

/**
 * The thread that made a request whose body a library creates later on a thread of its own (an asynchronous
 * call, the JDK client's {@code send}): its name and id, taken without a stack, so that a report names that
 * thread whether or not the body's creation stack was sampled.
 */
final class RequestThread {
    final String name;
    final long id;

    private RequestThread(String name, long id) {
        this.name = name;
        this.id = id;
    }

    /** The current thread, unless {@code site} (taken on this thread) names it already: then null. */
    static RequestThread unlessIn(CreationSite site) {
        if (site != null) {
            return null;
        }
        Thread t = Thread.currentThread();
        return new RequestThread(t.getName(), t.getId());
    }
}
