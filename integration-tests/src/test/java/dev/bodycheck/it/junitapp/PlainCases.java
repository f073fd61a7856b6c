package dev.bodycheck.it.junitapp;

import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** No annotation: only failFast=true checks these. */
class PlainCases {
    @Test
    void leaksWithoutAnnotation() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/plain-leak")).execute(); // dropped
    }

    @Test
    void closesWithoutAnnotation() throws Exception {
        try (Response r = LeakingCases.CLIENT.newCall(LeakingCases.get("/it/plain-close")).execute()) {
            r.code();
        }
    }
}
