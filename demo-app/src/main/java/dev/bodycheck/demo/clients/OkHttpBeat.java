package dev.bodycheck.demo.clients;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp 4: {@code execute()} returns a {@link Response} whose body must be closed. */
final class OkHttpBeat implements BeatClient {
    private final OkHttpClient client;
    private final Request request;

    OkHttpBeat(BeatSettings settings) {
        client = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        request = new Request.Builder().url(settings.url().toString()).build();
    }

    @Override
    public int leakyBeat() throws IOException {
        Response response = client.newCall(request).execute(); // the incident: the body is never closed
        return response.code();
    }

    @Override
    public int fixedBeat() throws IOException {
        try (Response response = client.newCall(request).execute()) {
            response.body().string();
            return response.code();
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
