package dev.bodycheck.it.junitapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bodycheck.junit.NoBodyLeaks;
import dev.bodycheck.runtime.PerTestChecks;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;

/** Every body closed or read: the check must cost no garbage collection at all. */
@NoBodyLeaks
class CleanCases {
    @RepeatedTest(20)
    void closesItsBodies() throws Exception {
        try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get("/it/junit-clean")).execute()) {
            r.body().string();
        }
    }

    @AfterAll
    static void noCollectionWasForced() {
        System.out.println("FORCED " + PerTestChecks.forcedCollections());
        assertEquals(0, PerTestChecks.forcedCollections());
    }
}
