package dev.bodycheck.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Keep-alive GETs of a 1 KiB body, correctly consumed, against {@link FixedResponseServer}. Run with and
 * without the agent in separate forks by {@link Main}: the ratio of the two is the agent's overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestBench {
    @Param({"okhttp", "apache4", "apache5", "jdk", "urlconnection", "reference"})
    public String client;

    private FixedResponseServer server;
    private Get get;

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = new FixedResponseServer();
        get = Get.of(client, server.url());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        get.close();
        server.close();
    }

    @Benchmark
    public int request() throws Exception {
        return get.get();
    }
}
