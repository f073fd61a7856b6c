package dev.bodycheck.it.junitapp;

import dev.bodycheck.junit.NoBodyLeaks;
import org.junit.jupiter.api.RepeatedTest;

/** Twenty leaking tests, for the cost of a failing check (the clean counterpart is {@link CleanCases}). */
@NoBodyLeaks
class LeakCost {
    @RepeatedTest(20)
    void leaks() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/cost-leak")).execute(); // dropped
    }
}
