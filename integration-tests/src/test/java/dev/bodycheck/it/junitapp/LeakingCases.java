package dev.bodycheck.it.junitapp;

import dev.bodycheck.junit.NoBodyLeaks;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Run by a JUnit launcher in a forked JVM (not by this build): one test leaks, its neighbours do not. */
@NoBodyLeaks
class LeakingCases {
    static final OkHttpClient CLIENT = new OkHttpClient();

    static Request get(String path) {
        return new Request.Builder().url(System.getProperty("it.base") + path).build();
    }

    @Test
    void leaks() throws Exception {
        CLIENT.newCall(get("/it/junit-leak")).execute(); // the response is dropped unread
    }

    @Test
    void closes() throws Exception {
        try (Response r = CLIENT.newCall(get("/it/junit-close")).execute()) {
            r.code();
        }
    }

    @Test
    void readsWhole() throws Exception {
        try (Response r = CLIENT.newCall(get("/it/junit-string")).execute()) {
            r.body().string();
        }
    }
}
