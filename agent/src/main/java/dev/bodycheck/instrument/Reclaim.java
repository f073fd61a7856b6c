package dev.bodycheck.instrument;

import java.lang.reflect.InvocationTargetException;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * How one library gives back the connection of a body found leaked, as it would on an early
 * {@code close()} (option {@code reclaim}): given the connection side of the exchange that the advice
 * handed to the tracker with the body (a connection holder, an exec runtime, an exchange, a stream: never
 * the body itself), it closes that exchange's connection and frees its pool slot; true if it gave one back.
 * The runtime calls it on the reaper thread, once, only for a body that still held its connection; its
 * errors go to the counted handler. A JDK type to the runtime, so that nothing here names a runtime class
 * (the command line loads every {@link Library} without the runtime).
 */
public abstract class Reclaim implements BiPredicate<Object, Long> {
    /**
     * The connection side is a {@link BooleanSupplier} made by the runtime (the JDK client's wrappers) or by
     * the reference transport, which knows its exchange.
     */
    public static final Reclaim SUPPLIED = new Reclaim() {
        @Override
        protected boolean reclaim(Object connection, long bytesRead) {
            return connection instanceof BooleanSupplier && ((BooleanSupplier) connection).getAsBoolean();
        }
    };

    @Override
    public final boolean test(Object connection, Long bytesRead) {
        try {
            return reclaim(connection, bytesRead);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("reclaim failed in the library", e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("reclaim failed", e);
        }
    }

    /** True if a connection was given back. */
    protected abstract boolean reclaim(Object connection, long bytesRead) throws Exception;
}
