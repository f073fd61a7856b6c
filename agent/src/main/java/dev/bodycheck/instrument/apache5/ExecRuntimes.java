package dev.bodycheck.instrument.apache5;

import dev.bodycheck.instrument.Reclaim;
import dev.bodycheck.instrument.Reflect;
import java.lang.reflect.Method;

/**
 * Gives back the connection of a leaked Apache 5 body through the {@code InternalExecRuntime} of its
 * exchange, as closing the response before EOF does: {@code discardEndpoint()} closes the endpoint and
 * releases it to the pool, which frees the slot. A runtime is made per request and gives its endpoint up
 * once (it swaps it out of its {@code endpointRef}): one that no longer holds an endpoint does nothing.
 */
final class ExecRuntimes extends Reclaim {
    private static final ClassValue<Method[]> METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            return new Method[] {Reflect.method(type, "isEndpointAcquired", 0), Reflect.method(type, "discardEndpoint", 0)};
        }
    };

    @Override
    protected boolean reclaim(Object runtime, long bytesRead) throws Exception {
        Method[] m = METHODS.get(runtime.getClass());
        if (m[0] == null || m[1] == null || !(Boolean) m[0].invoke(runtime)) {
            return false;
        }
        m[1].invoke(runtime);
        return true;
    }
}
