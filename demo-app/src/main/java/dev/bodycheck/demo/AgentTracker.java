package dev.bodycheck.demo;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's tracker, seen from the demo. The agent puts {@code dev.bodycheck.runtime} on the bootstrap
 * class path, so the demo finds it there by name, by reflection: the demo needs no agent at compile
 * time and runs (reporting nothing) when the agent is not attached.
 */
final class AgentTracker {
    static final String TRACKER = "dev.bodycheck.runtime.Tracker";
    /** Set by the runtime once the agent started it ({@code Lifecycle.STARTED_PROPERTY}). */
    static final String STARTED_PROPERTY = "dev.bodycheck.agent";

    /**
     * The counts of one client: bodies the agent saw created, bodies it reported leaked, and of those the
     * ones whose connection it gave back ({@code reclaim}).
     */
    record Counts(long opened, long leaked, long reclaimed) {
        static final Counts NONE = new Counts(0, 0, 0);

        Counts minus(Counts before) {
            return new Counts(opened - before.opened, leaked - before.leaked, reclaimed - before.reclaimed);
        }
    }

    private final Method stats;
    private final Method perClient;
    private final Method opened;
    private final Method leaked;
    private final Method collect;
    private final Method reclaimed;
    private final Method reclaim;

    private AgentTracker(Class<?> tracker) throws ReflectiveOperationException {
        ClassLoader boot = tracker.getClassLoader(); // null: the bootstrap loader
        Class<?> statsType = Class.forName("dev.bodycheck.runtime.Stats", false, boot);
        stats = tracker.getMethod("stats");
        collect = tracker.getMethod("collect", long.class);
        perClient = statsType.getMethod("perClient");
        opened = statsType.getMethod("opened");
        leaked = statsType.getMethod("leaked");
        reclaimed = statsType.getMethod("reclaimed");
        reclaim = tracker.getMethod("reclaim", boolean.class);
    }

    /** The tracker of the attached agent, or null when no agent is attached (or it is not started). */
    static AgentTracker find() {
        try {
            if (System.getProperty(STARTED_PROPERTY) == null) {
                return null;
            }
            return new AgentTracker(Class.forName(TRACKER, true, null));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Counts per client id, now. */
    Map<String, Counts> counts() {
        Map<String, Counts> result = new HashMap<>();
        try {
            Map<?, ?> per = (Map<?, ?>) perClient.invoke(stats.invoke(null));
            for (Map.Entry<?, ?> e : per.entrySet()) {
                String id = (String) e.getKey();
                result.put(id, new Counts((Long) opened.invoke(e.getValue()), (Long) leaked.invoke(e.getValue()),
                        (Long) reclaimed.invoke(e.getValue())));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("demo: cannot read the agent's counts: " + e);
        }
        return result;
    }

    Counts counts(String clientId) {
        return counts().getOrDefault(clientId, Counts.NONE);
    }

    /**
     * Switches the agent's {@code reclaim} option at run time ({@code Tracker.reclaim(boolean)}): the demo
     * runs one loop per client with it on, in the same JVM, against the same server, as the other two.
     */
    void reclaim(boolean on) {
        try {
            reclaim.invoke(null, on);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("demo: cannot switch the agent's reclaim option: " + e);
        }
    }

    /** Forces garbage collections (at most {@code maxMillis}) so that dropped open bodies are reported now. */
    void collect(long maxMillis) {
        try {
            collect.invoke(null, maxMillis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("demo: cannot ask the agent to collect: " + e);
        }
    }
}
