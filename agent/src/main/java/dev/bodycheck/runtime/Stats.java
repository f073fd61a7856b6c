package dev.bodycheck.runtime;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A snapshot of the tracker's counts: opened = consumed + closed + leaked + open. */
public final class Stats {
    private final long opened;
    private final long consumed;
    private final long closed;
    private final long leaked;
    private final Map<Client, Stats> perClient;

    Stats(long opened, long consumed, long closed, long leaked, Map<Client, Stats> perClient) {
        this.opened = opened;
        this.consumed = consumed;
        this.closed = closed;
        this.leaked = leaked;
        this.perClient = perClient;
    }

    public long opened() {
        return opened;
    }

    public long consumed() {
        return consumed;
    }

    public long closed() {
        return closed;
    }

    public long leaked() {
        return leaked;
    }

    /** Bodies neither consumed, closed nor leaked yet. */
    public long open() {
        return opened - consumed - closed - leaked;
    }

    /** The counts of one client (all zero if it tracked nothing). */
    public Stats of(Client client) {
        Stats s = perClient.get(client);
        return s != null ? s : new Stats(0, 0, 0, 0, Collections.emptyMap());
    }

    public Map<Client, Stats> perClient() {
        return Collections.unmodifiableMap(perClient.isEmpty() ? new EnumMap<>(Client.class) : new EnumMap<>(perClient));
    }

    String toJson() {
        return new Json().field("opened", opened).field("consumed", consumed).field("closed", closed)
                .field("leaked", leaked).field("open", open()).toString();
    }

    @Override
    public String toString() {
        return "opened=" + opened + " consumed=" + consumed + " closed=" + closed + " leaked=" + leaked
                + " open=" + open();
    }
}
