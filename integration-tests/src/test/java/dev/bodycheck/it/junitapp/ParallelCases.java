package dev.bodycheck.it.junitapp;

import dev.bodycheck.junit.NoBodyLeaks;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Run in parallel: the leak must fail the test whose thread made it, and no other. */
@NoBodyLeaks
@Execution(ExecutionMode.CONCURRENT)
class ParallelCases {
    private static void closedRequests(String name) throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get("/it/parallel-" + name)).execute()) {
                r.body().string();
            }
            Thread.sleep(10);
        }
    }

    @Test
    void first() throws Exception {
        closedRequests("first");
    }

    @Test
    void leaker() throws Exception {
        Thread.sleep(50);
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/parallel-leak")).execute(); // dropped
        Thread.sleep(100);
    }

    @Test
    void third() throws Exception {
        closedRequests("third");
    }

    @Test
    void fourth() throws Exception {
        closedRequests("fourth");
    }
}
