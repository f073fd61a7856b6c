package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.List;

/** The reports of the last few leaks, with who made them, for per-test checks; bounded. */
final class RecentLeaks {
    private final long[] sequences;
    private final long[] threads;
    private final String[] reports;
    private int next;

    RecentLeaks(int size) {
        sequences = new long[size];
        threads = new long[size];
        reports = new String[size];
    }

    synchronized void add(BodyRef ref, String report) {
        int i = next++ % reports.length;
        sequences[i] = ref.sequence();
        threads[i] = ref.threadId();
        reports[i] = report;
    }

    /** The reports of leaks of bodies opened after {@code mark} by that thread (-1: any), oldest first. */
    synchronized List<String> since(long mark, long threadId) {
        List<String> list = new ArrayList<>();
        int n = Math.min(next, reports.length);
        for (int k = n; k > 0; k--) {
            int i = (next - k) % reports.length;
            if (sequences[i] > mark && (threadId < 0 || threads[i] == threadId)) {
                list.add(reports[i]);
            }
        }
        return list;
    }
}
