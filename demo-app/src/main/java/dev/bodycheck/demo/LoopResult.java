package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.ClientKind;
import java.util.List;

/**
 * What one heartbeat loop of one client did and left behind.
 *
 * @param agent what the agent counted for this client during the loop; null when no agent is attached
 * @param accepted connections the server accepted during the loop
 * @param socketsAtEnd this process's client sockets to the server opened during the loop and still open at its
 *     end, before any collection; null where {@code /proc} cannot be read
 * @param sockets this process's client sockets to the server opened during the loop and still open at
 *     its end; null where {@code /proc} cannot be read (so for the next three too)
 * @param closeWait of those, the ones the server had closed (CLOSE_WAIT)
 * @param fds open file descriptors of the whole process at the end (its server's sockets included)
 * @param samples open sockets over the loop, for the chart
 *
 * <p>The sockets, CLOSE_WAIT and descriptors of a leaky or fixed loop are counted at its end, before any
 * collection; those of the reclaimed loop, and of the leaky loop of a client that closes a leaked body's
 * connection itself ({@link ClientKind#closesLeaksItself()}), once the agent's collection found its leaks, which
 * is when their connections are given back.
 */
record LoopResult(ClientKind kind, Loop loop, int beats, int ok, int failed, String firstError,
        AgentTracker.Counts agent, long accepted, Integer socketsAtEnd, Integer sockets, Integer closeWait, Integer fds,
        List<Sample> samples, long millis) {

    /** Open sockets (and of those, CLOSE_WAIT) {@code millis} after the loop started. */
    record Sample(long millis, int open, int closeWait) {
    }

    /** True when the agent saw this client's bodies: it instruments this library. */
    boolean tracked() {
        return agent != null && agent.opened() > 0;
    }

    /** Whether its sockets were counted after the agent's collection (see above), not at the loop's end. */
    boolean countedAfterCollection() {
        return agent != null && (loop == Loop.RECLAIMED || (loop == Loop.LEAKY && kind.closesLeaksItself()));
    }
}
