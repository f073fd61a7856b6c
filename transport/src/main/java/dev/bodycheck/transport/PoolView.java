package dev.bodycheck.transport;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.management.ObjectName;

/**
 * The pool's counts on the platform MBean server, for as long as the transport is open. Registration is
 * best effort: a JVM without JMX (or a security manager that refuses it) still gets a working transport.
 */
final class PoolView implements PoolMXBean {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Supplier<PoolStats> stats;
    private final ObjectName name;

    private PoolView(Supplier<PoolStats> stats, ObjectName name) {
        this.stats = stats;
        this.name = name;
    }

    /** Registers a view of {@code stats}; returns it (to unregister), or null if JMX refused it. */
    static PoolView register(Supplier<PoolStats> stats) {
        try {
            ObjectName name = new ObjectName("dev.bodycheck:type=TransportPool,id=" + IDS.incrementAndGet());
            PoolView view = new PoolView(stats, name);
            ManagementFactory.getPlatformMBeanServer().registerMBean(view, name);
            return view;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (Exception | LinkageError e) {
            // already gone
        }
    }

    @Override
    public long getOpened() {
        return stats.get().opened();
    }

    @Override
    public long getReused() {
        return stats.get().reused();
    }

    @Override
    public int getIdle() {
        return stats.get().idle();
    }

    @Override
    public int getLeased() {
        return stats.get().leased();
    }

    @Override
    public long getClosed() {
        return stats.get().closed();
    }

    @Override
    public long getClosedByLeak() {
        return stats.get().closedByLeak();
    }

    @Override
    public long getClosedStale() {
        return stats.get().closedStale();
    }

    @Override
    public long getEvicted() {
        return stats.get().evicted();
    }

    @Override
    public long getRetried() {
        return stats.get().retried();
    }
}
