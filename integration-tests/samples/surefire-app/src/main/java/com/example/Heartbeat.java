package com.example;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The application: a heartbeat client whose caller must close the response. */
public final class Heartbeat {
    private static final OkHttpClient CLIENT = new OkHttpClient();

    private Heartbeat() {
    }

    /** GET {base}/beat/{name}; the caller closes the response. */
    public static Response beat(String name) throws IOException {
        Request request = new Request.Builder().url(System.getProperty("sample.base") + "/it/beat-" + name).build();
        return CLIENT.newCall(request).execute();
    }

    /** A heartbeat done right. */
    public static String beatAndRead(String name) throws IOException {
        try (Response response = beat(name)) {
            return response.body().string();
        }
    }
}
