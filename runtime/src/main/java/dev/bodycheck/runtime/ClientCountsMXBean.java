package dev.bodycheck.runtime;

/**
 * JMX view {@code dev.bodycheck:type=BodyTracker,client=<id>}: one client's counts, as plain attributes that a
 * JMX exporter's rule reads ({@code docs/prometheus-jmx.yaml}, {@code docs/otel-jmx.yaml}).
 */
public interface ClientCountsMXBean {
    long getOpened();

    long getConsumed();

    long getClosed();

    /** Every leak of this client, ignored ones included. */
    long getLeaked();

    /** The part of {@link #getLeaked()} that an ignore rule kept from being reported. */
    long getIgnored();

    /** The part of {@link #getLeaked()} whose connection {@code reclaim} gave back. */
    long getReclaimed();

    long getOpen();
}
