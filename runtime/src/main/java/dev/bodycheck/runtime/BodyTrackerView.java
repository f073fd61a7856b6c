package dev.bodycheck.runtime;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link BodyTrackerMXBean}, registered on the platform MBean server. */
final class BodyTrackerView implements BodyTrackerMXBean {
    static final String NAME = "dev.bodycheck:type=BodyTracker";

    /**
     * Registers the view. Called off the application's threads and only once the application makes
     * requests, so that the platform MBean server is never created during the agent's start-up.
     */
    static void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new BodyTrackerView(), name);
            }
            for (Client c : Clients.all()) { // every client is registered before the first request
                ObjectName perClient = new ObjectName(NAME + ",client=" + c.id()); // ids are [a-z0-9-]
                if (c.isTracked() && !server.isRegistered(perClient)) {
                    server.registerMBean(new ClientCountsView(c), perClient);
                }
            }
        } catch (Exception | LinkageError e) {
            Problems.line("bodycheck: the JMX view " + NAME + " is not available (" + e + ")");
        }
    }

    @Override
    public long getOpened() {
        return Tracker.stats().opened();
    }

    @Override
    public long getConsumed() {
        return Tracker.stats().consumed();
    }

    @Override
    public long getClosed() {
        return Tracker.stats().closed();
    }

    @Override
    public long getLeaked() {
        return Tracker.stats().leaked();
    }

    @Override
    public long getIgnored() {
        return Tracker.stats().ignored();
    }

    @Override
    public long getReclaimed() {
        return Tracker.stats().reclaimed();
    }

    @Override
    public long getOpen() {
        return Tracker.stats().open();
    }

    @Override
    public Map<String, Long> getOpenedByClient() {
        return byClient(Stats::opened);
    }

    @Override
    public Map<String, Long> getLeakedByClient() {
        return byClient(Stats::leaked);
    }

    @Override
    public Map<String, Long> getOpenByClient() {
        return byClient(Stats::open);
    }

    @Override
    public Map<String, Long> getReclaimedByClient() {
        return byClient(Stats::reclaimed);
    }

    @Override
    public long getInternalErrors() {
        return Problems.internalErrors();
    }

    @Override
    public String dumpOpen() {
        return Tracker.dumpOpen();
    }

    private static Map<String, Long> byClient(ToLongFunction<Stats> count) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Map.Entry<String, Stats> e : Tracker.stats().perClient().entrySet()) {
            map.put(e.getKey(), count.applyAsLong(e.getValue()));
        }
        return map;
    }
}
