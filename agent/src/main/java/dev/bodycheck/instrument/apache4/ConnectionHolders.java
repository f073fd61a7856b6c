package dev.bodycheck.instrument.apache4;

import dev.bodycheck.instrument.Reclaim;
import dev.bodycheck.instrument.Reflect;
import java.lang.reflect.Method;

/**
 * Gives back the connection of a leaked Apache 4 body through the {@code ConnectionHolder} of its exchange,
 * as closing the response before EOF does: {@code abortConnection()} shuts the connection down and releases
 * it to the pool, which frees the slot. A holder is made per exchange and releases once (its
 * {@code released} flag): one already released, whose connection may serve another exchange now, does
 * nothing.
 */
final class ConnectionHolders extends Reclaim {
    private static final ClassValue<Method[]> METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            return new Method[] {Reflect.method(type, "isReleased", 0), Reflect.method(type, "abortConnection", 0)};
        }
    };

    @Override
    protected boolean reclaim(Object holder, long bytesRead) throws Exception {
        Method[] m = METHODS.get(holder.getClass());
        if (m[0] == null || m[1] == null || (Boolean) m[0].invoke(holder)) {
            return false;
        }
        m[1].invoke(holder);
        return true;
    }
}
