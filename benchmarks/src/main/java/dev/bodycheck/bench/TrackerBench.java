package dev.bodycheck.bench;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The tracker alone, per body: open, then consumed (what every correctly read response costs), with the
 * creation stack captured at a given depth; a body found by identity, and one that holds its record. The stacks option is set per fork by {@link Main}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackerBench {
    @Param({"20", "60", "150"})
    public int depth;

    /** A body found through the identity table (a class already loaded when the agent came). */
    @Benchmark
    public Object openConsume() {
        return at(depth, false);
    }

    /** A body that holds its record in a field (a class woven at its load): no identity table. */
    @Benchmark
    public Object openConsumeHeld() {
        return at(depth, true);
    }

    private static Object at(int depth, boolean held) {
        if (depth > 1) {
            return at(depth - 1, held);
        }
        Object body = held ? new HeldBody() : new Object();
        Tracker.open(body, ResponseFacts.of("reference", "GET", "http://127.0.0.1/bench", 200));
        Tracker.read(body, 1024);
        Tracker.consumed(body);
        return body;
    }
}
