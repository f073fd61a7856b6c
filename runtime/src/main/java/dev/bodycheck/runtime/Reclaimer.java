package dev.bodycheck.runtime;

import java.util.function.BooleanSupplier;

/**
 * How one library gives back the connection of a body found leaked, as it would on an early
 * {@code close()} (option {@code reclaim}): given the connection side of the exchange that the advice
 * handed to {@link Tracker#open(Object, ResponseFacts, Object, Object)} (a connection holder, an exec
 * runtime, an exchange, a stream: never the body itself), it closes that exchange's connection and frees
 * its pool slot. It runs on the reaper thread, once, only for a body that still held its connection
 * (pinned); a connection the exchange no longer holds must be left alone. Its errors go to the counted
 * handler.
 */
public interface Reclaimer {
    /**
     * The connection side is a {@link BooleanSupplier} made by the runtime or the reference transport
     * itself, which knows its exchange: true if it gave a connection back.
     */
    Reclaimer SUPPLIED = new Reclaimer() {
        @Override
        public boolean reclaim(Object connection, long bytesRead) {
            return connection instanceof BooleanSupplier && ((BooleanSupplier) connection).getAsBoolean();
        }
    };

    /** True if a connection was given back. */
    boolean reclaim(Object connection, long bytesRead) throws Exception;
}
