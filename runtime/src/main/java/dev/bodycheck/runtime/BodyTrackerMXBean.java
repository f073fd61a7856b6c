package dev.bodycheck.runtime;

import java.util.Map;

/**
 * JMX view {@code dev.bodycheck:type=BodyTracker}: the counts, and the bodies open now. Each client's counts are
 * also plain attributes of {@code dev.bodycheck:type=BodyTracker,client=<id>} ({@link ClientCountsMXBean}).
 */
public interface BodyTrackerMXBean {
    long getOpened();

    long getConsumed();

    long getClosed();

    /** Every leak, ignored ones included. */
    long getLeaked();

    /** The part of {@link #getLeaked()} that an ignore rule kept from being reported. */
    long getIgnored();

    /** Leaks whose connection {@code reclaim} gave back (part of {@code Leaked}). */
    long getReclaimed();

    long getOpen();

    /** Per client id: opened, for the clients that opened any. */
    Map<String, Long> getOpenedByClient();

    Map<String, Long> getLeakedByClient();

    Map<String, Long> getOpenByClient();

    Map<String, Long> getReclaimedByClient();

    /** Exceptions swallowed inside the agent (should stay 0). */
    long getInternalErrors();

    /** Creation stacks taken so far: with {@code stacks=auto}, the sampled bodies and those of leaking endpoints. */
    long getStacksTaken();

    /** The bodies open now, grouped by creation site, oldest first: client, URL, age, status, bytes read, stack. */
    String dumpOpen();
}
