package dev.bodycheck.it.junitapp;

/** Leaks from a line that the ignore file names. */
final class IgnoredSite {
    private IgnoredSite() {
    }

    static void leak() throws Exception {
        LeakingCases.CLIENT.newCall(LeakingCases.get("/it/ignored-leak")).execute(); // dropped
    }
}
