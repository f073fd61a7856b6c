package dev.bodycheck.runtime;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Exact per-client counts of every transition; contended writers do not share a cache line. */
final class Counters {
    private final LongAdder[][] adders = new LongAdder[Client.values().length][State.values().length];

    Counters() {
        for (LongAdder[] row : adders) {
            for (int i = 0; i < row.length; i++) {
                row[i] = new LongAdder();
            }
        }
    }

    /** OPEN counts a body opened; the other states count bodies that reached them. */
    void add(Client client, State state) {
        adders[client.ordinal()][state.ordinal()].increment();
    }

    Stats snapshot() {
        Map<Client, Stats> per = new EnumMap<>(Client.class);
        long o = 0, cs = 0, cl = 0, lk = 0;
        for (Client c : Client.values()) {
            LongAdder[] row = adders[c.ordinal()];
            // read the ends before the starts, so that "open" is never negative
            long consumed = row[State.CONSUMED.ordinal()].sum();
            long closed = row[State.CLOSED.ordinal()].sum();
            long leaked = row[State.LEAKED.ordinal()].sum();
            long opened = row[State.OPEN.ordinal()].sum();
            if (opened != 0) {
                per.put(c, new Stats(opened, consumed, closed, leaked, java.util.Collections.emptyMap()));
            }
            o += opened;
            cs += consumed;
            cl += closed;
            lk += leaked;
        }
        return new Stats(o, cs, cl, lk, per);
    }
}
