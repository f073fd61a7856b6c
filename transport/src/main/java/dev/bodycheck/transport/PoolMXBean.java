package dev.bodycheck.transport;

/** JMX view {@code dev.bodycheck:type=TransportPool,id=N} of one {@link Transport}'s connection pool. */
public interface PoolMXBean {
    long getOpened();

    long getReused();

    int getIdle();

    int getLeased();

    long getClosed();

    long getClosedByLeak();

    long getClosedStale();

    long getEvicted();

    long getRetried();
}
