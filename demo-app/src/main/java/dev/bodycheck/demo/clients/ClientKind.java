package dev.bodycheck.demo.clients;

import java.io.IOException;

/**
 * A library the demo can run: its id (the agent's client id, as in reports and {@code clients=}), a
 * title for the table and the chart, how to build a fresh client for one loop, and whether it closes the
 * connection of a leaked body itself once the agent finds the body (the reference transport), whatever
 * {@code reclaim} says.
 */
public record ClientKind(String id, String title, Factory factory, boolean closesLeaksItself) {

    public ClientKind(String id, String title, Factory factory) {
        this(id, title, factory, false);
    }

    /** Builds a client for one loop; a new one per loop, so that no pool carries over. */
    @FunctionalInterface
    public interface Factory {
        BeatClient create(BeatSettings settings) throws IOException;
    }
}
