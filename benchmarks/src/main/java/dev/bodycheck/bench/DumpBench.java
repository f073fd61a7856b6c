package dev.bodycheck.bench;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering a report: one open body with a 60-frame creation stack, rendered as text by
 * {@code Tracker.dumpOpen()} (the same frames, site id and formatting as a LEAK block).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DumpBench {
    private final Object kept = new Object();

    @Setup
    public void open() {
        openAt(60);
    }

    private void openAt(int depth) {
        if (depth > 1) {
            openAt(depth - 1);
            return;
        }
        Tracker.open(kept, ResponseFacts.of("reference", "GET", "http://127.0.0.1/bench?token=x", 200));
    }

    @Benchmark
    public String render() {
        return Tracker.dumpOpen();
    }
}
