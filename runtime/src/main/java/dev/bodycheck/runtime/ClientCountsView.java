package dev.bodycheck.runtime;

/** The {@link ClientCountsMXBean} of one tracked client, registered with {@link BodyTrackerView}. */
final class ClientCountsView implements ClientCountsMXBean {
    private final Client client;

    ClientCountsView(Client client) {
        this.client = client;
    }

    @Override
    public long getOpened() {
        return client.stats().opened();
    }

    @Override
    public long getConsumed() {
        return client.stats().consumed();
    }

    @Override
    public long getClosed() {
        return client.stats().closed();
    }

    @Override
    public long getLeaked() {
        return client.stats().leaked();
    }

    @Override
    public long getIgnored() {
        return client.stats().ignored();
    }

    @Override
    public long getReclaimed() {
        return client.stats().reclaimed();
    }

    @Override
    public long getOpen() {
        return client.stats().open();
    }
}
