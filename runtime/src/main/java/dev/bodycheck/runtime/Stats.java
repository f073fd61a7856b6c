package dev.bodycheck.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A snapshot of the tracker's counts: opened = consumed + closed + leaked + open. */
public final class Stats {
    private final long opened;
    private final long consumed;
    private final long closed;
    private final long leaked;
    private final long ignored;
    private final long reclaimed;
    private final long unattributed;
    /** By client id, in the order the clients were registered; only clients that opened a body. */
    private final Map<String, Stats> perClient;

    Stats(long opened, long consumed, long closed, long leaked, Map<String, Stats> perClient) {
        this(opened, consumed, closed, leaked, 0, 0, perClient);
    }

    Stats(long opened, long consumed, long closed, long leaked, long ignored, long reclaimed,
            Map<String, Stats> perClient) {
        this(opened, consumed, closed, leaked, ignored, reclaimed, 0, perClient);
    }

    Stats(long opened, long consumed, long closed, long leaked, long ignored, long reclaimed, long unattributed,
            Map<String, Stats> perClient) {
        this.unattributed = unattributed;
        this.opened = opened;
        this.consumed = consumed;
        this.closed = closed;
        this.leaked = leaked;
        this.ignored = ignored;
        this.reclaimed = reclaimed;
        this.perClient = perClient != null ? perClient : Collections.<String, Stats>emptyMap();
    }

    /** The counts of every registered client and their sum. */
    static Stats now() {
        Map<String, Stats> per = new LinkedHashMap<>();
        long o = 0, cs = 0, cl = 0, lk = 0, ig = 0, rc = 0, un = 0;
        for (Client c : Clients.all()) {
            Stats s = c.stats();
            if (s.opened != 0) {
                per.put(c.id(), s);
            }
            o += s.opened;
            cs += s.consumed;
            cl += s.closed;
            lk += s.leaked;
            ig += s.ignored;
            rc += s.reclaimed;
            un += s.unattributed;
        }
        return new Stats(o, cs, cl, lk, ig, rc, un, per);
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

    /** The part of {@link #leaked()} that an ignore rule kept from being reported. */
    public long ignored() {
        return ignored;
    }

    /** The part of {@link #leaked()} whose connection was given back ({@code reclaim}). */
    public long reclaimed() {
        return reclaimed;
    }

    /**
     * The part of {@link #leaked()} found while tests ran that no test's work made (or made after its test and
     * its class were decided): it failed no test.
     */
    public long unattributed() {
        return unattributed;
    }

    /** Bodies neither consumed, closed nor leaked yet. */
    public long open() {
        return opened - consumed - closed - leaked;
    }

    /** The counts of one client, by its id ({@code okhttp}, ...); all zero if it tracked nothing. */
    public Stats of(String clientId) {
        Stats s = perClient.get(clientId);
        return s != null ? s : new Stats(0, 0, 0, 0, null);
    }

    /** By client id, only the clients that opened a body. */
    public Map<String, Stats> perClient() {
        return Collections.unmodifiableMap(perClient);
    }

    String toJson() {
        return new Json().field("opened", opened).field("consumed", consumed).field("closed", closed)
                .field("leaked", leaked).field("ignored", ignored).field("reclaimed", reclaimed).field("unattributed", unattributed).field("open", open())
                .toString();
    }

    @Override
    public String toString() {
        return "opened=" + opened + " consumed=" + consumed + " closed=" + closed + " leaked=" + leaked
                + (ignored > 0 ? " ignored=" + ignored : "") + (reclaimed > 0 ? " reclaimed=" + reclaimed : "")
                + (unattributed > 0 ? " unattributed=" + unattributed : "")
                + " open=" + open();
    }
}
