package dev.bodycheck.demo;

import dev.bodycheck.demo.clients.BeatClient;
import dev.bodycheck.demo.clients.BeatSettings;
import dev.bodycheck.demo.clients.ClientKind;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one heartbeat loop of one client, leaky, leaky with {@code reclaim}, or fixed, the same for every
 * library: beats one interval apart, a sampler counting this process's sockets meanwhile, then the
 * reckoning: sockets and descriptors left at the end, and the leaks the agent reports once the dropped
 * responses are garbage-collected (for the reclaimed loop, the sockets once that happened: see
 * {@link LoopResult}).
 */
final class HeartbeatLoop {
    private static final Logger LOG = LoggerFactory.getLogger("demo");
    /** How long to wait, at most, for a loop's leftover sockets to close before the next loop starts. */
    private static final long SETTLE_MILLIS = 1500;

    private final HeartbeatServer server;
    private final SocketCensus census;
    private final AgentTracker agent;
    private final BeatSettings settings;
    private final Progress progress;
    private final int beats;
    private final Duration interval;
    private final Set<String> warmedUp = new HashSet<>();

    HeartbeatLoop(HeartbeatServer server, AgentTracker agent, BeatSettings settings, Progress progress, int beats,
            Duration interval) {
        this.server = server;
        this.census = new SocketCensus(server.port());
        this.agent = agent;
        this.settings = settings;
        this.progress = progress;
        this.beats = beats;
        this.interval = interval;
    }

    LoopResult run(ClientKind kind, Loop loop) throws IOException {
        if (loop == Loop.RECLAIMED) {
            agent.reclaim(true);
        }
        try {
            return beat(kind, loop);
        } finally {
            if (loop == Loop.RECLAIMED) {
                agent.reclaim(false);
            }
        }
    }

    private LoopResult beat(ClientKind kind, Loop loop) throws IOException {
        warmUp(kind);
        // Start from an empty young generation: a collection during the loop lets OkHttp's pool and the
        // JDK's socket cleaners close dropped connections, which happens in production too, but at random
        // points of a one-second loop it would make each run of the demo look different.
        System.gc();
        String name = String.format("%-13s %-9s", kind.id(), loop.id());
        AgentTracker.Counts agentBefore = agent != null ? agent.counts(kind.id()) : null;
        long acceptedBefore = server.accepted();
        SocketCensus.Snapshot before = census.take();
        long start = System.nanoTime();
        SocketSampler sampler = before == null ? null : new SocketSampler(census, before, start);

        int ok = 0;
        int failed = 0;
        String firstError = null;
        BeatClient client = kind.factory().create(settings);
        try {
            long beatStart = start;
            for (int i = 1; i <= beats; i++) {
                // one interval after the previous beat started, never sooner: a slow first beat (class
                // loading) must not be followed by a burst that would leave the server no idle time
                sleepUntil(beatStart + (i == 1 ? 0 : interval.toNanos()));
                beatStart = System.nanoTime();
                try {
                    if ((loop.drops() ? client.leakyBeat() : client.fixedBeat()) == 200) {
                        ok++;
                    } else {
                        failed++;
                    }
                } catch (IOException | RuntimeException e) {
                    failed++;
                    if (firstError == null) {
                        firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
                        LOG.warn("{} {} beat {} failed: {}", kind.id(), loop.id(), i, firstError);
                    }
                }
                progress.update(line(name, i, failed, acceptedBefore, sampler, agentBefore, kind));
            }
            SocketCensus.Snapshot end = census.take(); // before any GC: a GC may close dropped sockets
            Integer socketsAtEnd = end == null ? null : end.openSince(before);
            if (sampler != null) {
                sampler.close();
                if (end != null) {
                    sampler.add(end);
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long accepted = server.accepted() - acceptedBefore;
            if (failed > 1) {
                LOG.warn("{} {}: {} of {} beats failed", kind.id(), loop.id(), failed, beats);
            }
            if (agent != null) {
                agent.collect(3000); // the dropped responses are unreachable now: let the agent find them
                // and give their connections back (reclaim, or a transport that does it itself): count what is left then
                if (loop == Loop.RECLAIMED || (loop == Loop.LEAKY && kind.closesLeaksItself())) {
                    end = census.take();
                    if (sampler != null && end != null) {
                        sampler.add(end);
                    }
                }
            }
            client.close();
            client = null;
            AgentTracker.Counts counts = null;
            if (agent != null) {
                agent.collect(1000); // a library may have held some until it was closed
                counts = agent.counts(kind.id()).minus(agentBefore);
            }
            // after the collections: during the loop nothing was collected, so the agent had reported nothing yet
            progress.done(line(name, beats, failed, acceptedBefore, sampler, agentBefore, kind));
            if (before != null) {
                settle(before);
            }
            return new LoopResult(kind, loop, beats, ok, failed, firstError, counts, accepted, socketsAtEnd,
                    end == null ? null : end.openSince(before), end == null ? null : end.closeWaitSince(before),
                    end == null ? null : end.fds(), sampler == null ? List.of() : sampler.samples(), millis);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            if (client != null) {
                client.close();
            }
        }
    }

    /**
     * One fixed beat with a throw-away client, before the first loop of a library: its first request
     * loads classes for a while, which would otherwise make the loop's first beat an outlier.
     */
    private void warmUp(ClientKind kind) {
        if (!warmedUp.add(kind.id())) {
            return;
        }
        try (BeatClient client = kind.factory().create(settings)) {
            client.fixedBeat();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} warm-up beat failed: {}", kind.id(), e.toString());
        }
        if (agent != null) {
            agent.collect(500);
        }
    }

    /**
     * Waits (a little, with a GC) for the sockets this loop left to close, so that the next loop's
     * descriptor count starts clean: libraries close leaked sockets late, on a GC or a cleanup thread.
     */
    private void settle(SocketCensus.Snapshot before) {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        boolean collected = false;
        while (System.nanoTime() < deadline) {
            SocketCensus.Snapshot now = census.take();
            if (now == null || now.openSince(before) == 0) {
                return;
            }
            if (!collected) {
                System.gc(); // a dropped JDK socket is closed by its cleaner, after a collection
                collected = true;
            }
            sleepUntil(System.nanoTime() + 50_000_000);
        }
    }

    private String line(String name, int beat, int failed, long acceptedBefore, SocketSampler sampler,
            AgentTracker.Counts agentBefore, ClientKind kind) {
        StringBuilder b = new StringBuilder("  ").append(name).append(" beat ").append(beat).append('/').append(beats);
        if (failed > 0) {
            b.append(" (").append(failed).append(" failed)");
        }
        b.append("  conns ").append(server.accepted() - acceptedBefore);
        LoopResult.Sample now = sampler != null ? sampler.latest() : null;
        if (now != null) {
            b.append("  open ").append(now.open()).append(" (CLOSE_WAIT ").append(now.closeWait()).append(')');
        }
        if (agent != null) {
            b.append("  leaks ").append(agent.counts(kind.id()).minus(agentBefore).leaked());
        }
        return b.toString();
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
