package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;

/**
 * The libraries the agent registered at start-up, found by id. Advice names its library by an id
 * string (inlined code can hold a constant, not a reference to the agent's objects), looked up here
 * once per body among a handful of entries.
 */
public final class Clients {
    private static volatile Client[] all = new Client[0];
    private static volatile boolean paused;

    private Clients() {
    }

    /**
     * Registers a library: {@code tracked} false when the {@code clients} option leaves it out;
     * {@code unreadBytes} for a library that reads ahead of the application (see {@link Tracker#sourceEnded}),
     * else null; {@code reclaimer} how it gives back the connection of a leaked body (given the connection side handed to
     * {@link Tracker#open(Object, ResponseFacts, Object, Object)} and the bytes read; true if it gave one back;
     * null: it cannot), with
     * {@code reclaimsAlways} if it does so whatever the {@code reclaim} option says (the reference transport).
     * A second registration of the same id replaces nothing and returns the first.
     */
    public static Client register(String id, boolean tracked, String[] framePrefixes,
            String[] entryMethods, ToLongFunction<Object> unreadBytes, BiPredicate<Object, Long> reclaimer,
            boolean reclaimsAlways) {
        return register(id, tracked, framePrefixes, entryMethods, unreadBytes, reclaimer, reclaimsAlways, true);
    }

    /**
     * Like the other, with {@code tellsPinned} false for a library where the agent cannot see whether an open
     * body still holds its connection (reports then leave {@code pinned} unknown).
     */
    public static synchronized Client register(String id, boolean tracked, String[] framePrefixes,
            String[] entryMethods, ToLongFunction<Object> unreadBytes, BiPredicate<Object, Long> reclaimer,
            boolean reclaimsAlways, boolean tellsPinned) {
        Client known = byId(id);
        if (known != null) {
            return known;
        }
        Client c = new Client(id, tracked, framePrefixes, entryMethods, unreadBytes, reclaimer, reclaimsAlways,
                tellsPinned);
        Client[] next = Arrays.copyOf(all, all.length + 1);
        next[next.length - 1] = c;
        all = next;
        return c;
    }

    /** The client with this id, or null if none was registered. */
    public static Client byId(String id) {
        Client[] clients = all;
        for (Client c : clients) {
            if (c.id() == id) { // a hook asks by the constant its client was registered with: once per request
                return c;
            }
        }
        for (Client c : clients) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Internal, for the benchmark that switches tracking on and off inside one JVM ({@code benchmarks/}):
     * while paused, no client is tracked, so the woven advice opens no body; bodies already open go on.
     */
    public static void pause(boolean on) {
        paused = on;
    }

    /** Whether tracking is {@link #pause paused}. */
    static boolean paused() {
        return paused;
    }

    /** The client with this id if it is registered and tracked (and tracking is not paused), else null. */
    static Client tracked(String id) {
        if (paused) {
            return null;
        }
        Client c = byId(id);
        return c != null && c.isTracked() ? c : null;
    }

    /** Whether a frame of this class belongs to any registered library. */
    static boolean isLibraryFrame(String className) {
        for (Client c : all) {
            if (c.isLibraryFrame(className)) {
                return true;
            }
        }
        return false;
    }

    static List<Client> all() {
        return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(all)));
    }
}
