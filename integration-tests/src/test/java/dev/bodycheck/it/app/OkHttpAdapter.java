package dev.bodycheck.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp 3.x, 4.x and 5.x: compiled against 3.14, the API the three share. On OkHttp 5 each call has a
 * connection pool of its own: when a collection finds a leaked call, OkHttp 5 (5.5.1) makes its connection
 * idle without marking it for no new exchanges (3.x and 4.x do), so the next call may take it up with the
 * leaked body's bytes still unread ("Unexpected status line: aaaa...HTTP/1.1 404"), a failure of the
 * library's own, not of the case under test.
 */
public final class OkHttpAdapter implements ClientAdapter {
    private static final boolean OKHTTP5 = majorVersion() >= 5;
    private final OkHttpClient shared = new OkHttpClient();
    private OkHttpClient caching;

    private OkHttpClient client() {
        return OKHTTP5 ? shared.newBuilder().connectionPool(new okhttp3.ConnectionPool()).build() : shared;
    }

    /** 4 and 5 name their version in {@code okhttp3.OkHttp.VERSION}; 3 has no such class. */
    private static int majorVersion() {
        try {
            String v = String.valueOf(Class.forName("okhttp3.OkHttp").getField("VERSION").get(null));
            return Integer.parseInt(v.substring(0, v.indexOf('.')));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 3;
        }
    }

    @Override
    public Object get(String url) throws IOException {
        Request request = new Request.Builder().url(url).build();
        Response response = client().newCall(request).execute(); Mark.here("request");
        return response;
    }

    @Override
    public Object getCached(String url) throws IOException {
        if (caching == null) {
            java.io.File dir = java.nio.file.Files.createTempDirectory("okhttp-cache").toFile();
            dir.deleteOnExit();
            caching = client().newBuilder().cache(new okhttp3.Cache(dir, 1024 * 1024)).build();
        }
        Request request = new Request.Builder().url(url).build();
        try (Response first = caching.newCall(request).execute()) {
            first.body().string();
        }
        Response response = caching.newCall(request).execute(); Mark.here("cached-request");
        if (response.cacheResponse() == null || response.networkResponse() != null) {
            throw new IllegalStateException("not served from the cache: " + response);
        }
        return response;
    }

    @Override
    public Object head(String url) throws IOException {
        return client().newCall(new Request.Builder().url(url).head().build()).execute();
    }

    @Override
    public InputStream stream(Object response) {
        return ((Response) response).body().byteStream();
    }

    @Override
    public void close(Object response) {
        ((Response) response).close();
    }

    @Override
    public String getWithHelper(String url) throws IOException {
        try (Response response = client().newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }

    @Override
    public boolean getAsync(String url, Consumer<Object> onResponse) {
        Callback callback = new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                e.printStackTrace();
            }

            @Override
            public void onResponse(Call call, Response response) {
                onResponse.accept(response); // dropped here, unread
            }
        };
        Call call = client().newCall(new Request.Builder().url(url).build());
        call.enqueue(callback); Mark.here("async-request");
        return true;
    }
}
