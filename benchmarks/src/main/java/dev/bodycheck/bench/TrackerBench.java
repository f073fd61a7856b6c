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
 * creation stack captured at a given depth. The stacks option is set per fork by {@link Main}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackerBench {
    @Param({"20", "60", "150"})
    public int depth;

    @Benchmark
    public Object openConsume() {
        return at(depth);
    }

    private static Object at(int depth) {
        if (depth > 1) {
            return at(depth - 1);
        }
        Object body = new Object();
        Tracker.open(body, ResponseFacts.of("reference", "GET", "http://127.0.0.1/bench", 200));
        Tracker.read(body, 1024);
        Tracker.consumed(body);
        return body;
    }
}
