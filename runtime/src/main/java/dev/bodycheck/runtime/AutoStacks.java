package dev.bodycheck.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which bodies get their creation stack under {@code stacks=auto}: every body while a test framework
 * watches ({@link PerTestChecks#watching}); otherwise one body in about {@link #SAMPLE_EVERY} on each thread,
 * and every body of an endpoint (client and {@link Endpoint}) that has leaked before in this JVM, so that its
 * next leak names the line. A body of an endpoint nobody saw leak costs a counter and one read; its endpoint
 * is worked out only while its client has a leaking endpoint.
 */
final class AutoStacks {
    /** A thread's bodies between two sampled ones, on average; its first sampled body is this many in. */
    static final int SAMPLE_EVERY = 256;
    /** At most this many endpoints have every body's stack taken; leaks of others stay without one. */
    static final int MAX_HOT = 64;

    private static final Set<String> HOT = ConcurrentHashMap.newKeySet();
    /** The clients that have a hot endpoint: none as a rule, so a body's check is one read. */
    private static volatile Client[] hotClients = new Client[0];
    private static final ThreadLocal<int[]> UNTIL_SAMPLE = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[] {SAMPLE_EVERY};
        }
    };

    private AutoStacks() {
    }

    /**
     * Whether a body of the response {@code facts} gets its stack; null facts: the endpoint is not known yet
     * (a library's asynchronous entry), then yes while any endpoint is hot.
     */
    static boolean wanted(ResponseFacts facts) {
        if (PerTestChecks.watching()) {
            return true;
        }
        int[] until = UNTIL_SAMPLE.get();
        if (--until[0] <= 0) {
            until[0] = 1 + ThreadLocalRandom.current().nextInt(2 * SAMPLE_EVERY - 1);
            return true;
        }
        Client[] hot = hotClients;
        if (hot.length == 0) {
            return false;
        }
        if (facts == null) {
            return true;
        }
        for (Client c : hot) {
            if (c == facts.client) {
                return HOT.contains(key(facts));
            }
        }
        return false;
    }

    /**
     * A body of {@code facts}'s endpoint leaked: its later bodies get their stacks. False if the endpoint could
     * not be added ({@link #MAX_HOT} endpoints are hot already).
     */
    static boolean leaked(ResponseFacts facts) {
        String key = key(facts);
        if (HOT.contains(key)) {
            return true;
        }
        synchronized (HOT) {
            if (HOT.size() >= MAX_HOT) {
                return false;
            }
            HOT.add(key);
            Client[] hot = hotClients;
            for (Client c : hot) {
                if (c == facts.client) {
                    return true;
                }
            }
            Client[] more = java.util.Arrays.copyOf(hot, hot.length + 1);
            more[hot.length] = facts.client;
            hotClients = more;
            return true;
        }
    }

    private static String key(ResponseFacts facts) {
        return facts.client.id() + ' ' + Endpoint.of(facts.method, facts.url);
    }

    /** Forgets every hot endpoint (tests). */
    static void reset() {
        synchronized (HOT) {
            HOT.clear();
            hotClients = new Client[0];
        }
    }
}
