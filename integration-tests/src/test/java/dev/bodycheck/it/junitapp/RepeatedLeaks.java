package dev.bodycheck.it.junitapp;

import dev.bodycheck.junit.NoBodyLeaks;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** One site that leaks five times (beyond the log's limit of three full reports), and one ignored site. */
@NoBodyLeaks
class RepeatedLeaks {
    @RepeatedTest(5)
    void leaksEveryTime() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/repeated-leak")).execute(); // dropped
    }

    @Test
    void leaksAtAnIgnoredSite() throws Exception {
        IgnoredSite.leak();
    }
}
