package dev.bodycheck.runtime;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/** The {@link BodyTrackerMXBean}, registered on the platform MBean server. */
final class BodyTrackerView implements BodyTrackerMXBean {
    static final String NAME = "dev.bodycheck:type=BodyTracker";

    /** How long after the first request the view waits for someone else to create the platform MBean server. */
    static final long CREATE_AFTER_MILLIS = 10_000;
    private static final long POLL_MILLIS = 100;

    /**
     * Registers the view once the platform MBean server exists. Whoever reads JMX creates it (a JMX agent or
     * exporter, a console that attaches, the application), and creating it is a start-up's worth of work (the
     * JDK's platform MXBeans, 100-140 ms of CPU on a slow machine), which a program that lives a few seconds
     * would pay for nothing. So this waits, looking every {@value #POLL_MILLIS} ms, until a server exists or
     * {@value #CREATE_AFTER_MILLIS} ms have passed, then registers, creating the server if still nobody did.
     * Runs on a thread of ours, after the first request.
     */
    static void registerOnceServed() {
        try {
            for (long waited = 0; waited < CREATE_AFTER_MILLIS && MBeanServerFactory.findMBeanServer(null).isEmpty();
                    waited += POLL_MILLIS) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            return; // the JVM is going away
        } catch (RuntimeException | LinkageError e) {
            // cannot tell: register now
        }
        register();
    }

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
    public long getStacksTaken() {
        return Tracker.stacksTaken();
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
