package dev.bodycheck.runtime;

import java.lang.ref.ReferenceQueue;

/**
 * A second object through which a library may end a body without touching the body itself (Apache's
 * connection holder, aborted by the request). It refers to the body's record, never to the body.
 */
final class Alias extends WeakIdentityTable.Entry {
    final BodyRef body;

    Alias(Object key, ReferenceQueue<Object> queue, BodyRef body) {
        super(key, queue);
        this.body = body;
    }
}
