package dev.bodycheck.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counts, every few milliseconds during a loop, the client sockets opened since the loop started and
 * still open (and of those, the ones in CLOSE_WAIT): the chart's lines and the progress line's numbers.
 */
final class SocketSampler implements AutoCloseable {
    private static final long PERIOD_MILLIS = 25;

    private final SocketCensus census;
    private final SocketCensus.Snapshot before;
    private final long startNanos;
    private final List<LoopResult.Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile LoopResult.Sample latest;

    /** Starts sampling; {@code before} is the census at the start of the loop (not null). */
    SocketSampler(SocketCensus census, SocketCensus.Snapshot before, long startNanos) {
        this.census = census;
        this.before = before;
        this.startNanos = startNanos;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "socket-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        SocketCensus.Snapshot now = census.take();
        if (now != null) {
            add(now);
        }
    }

    /** Adds a census taken elsewhere (the final one, so that the chart ends where the table does). */
    void add(SocketCensus.Snapshot now) {
        LoopResult.Sample s = new LoopResult.Sample((System.nanoTime() - startNanos) / 1_000_000,
                now.openSince(before), now.closeWaitSince(before));
        synchronized (samples) {
            samples.add(s);
        }
        latest = s;
    }

    /** The last sample, or null before the first. */
    LoopResult.Sample latest() {
        return latest;
    }

    List<LoopResult.Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
