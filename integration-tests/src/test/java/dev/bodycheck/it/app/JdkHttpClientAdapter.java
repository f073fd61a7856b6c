package dev.bodycheck.it.app;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.function.Consumer;

/** {@code java.net.http.HttpClient} with {@code ofInputStream()}; the helper is {@code ofString()}. */
public final class JdkHttpClientAdapter implements ClientAdapter {
    // no connectTimeout: with one, the JDK keeps the first response of each connection reachable
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }

    @Override
    public Object get(String url) throws Exception {
        HttpResponse<InputStream> response = client.send(request(url), BodyHandlers.ofInputStream()); Mark.here("request");
        return response;
    }

    @Override
    public Object head(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), BodyHandlers.ofInputStream());
    }

    @Override
    @SuppressWarnings("unchecked")
    public InputStream stream(Object response) {
        return ((HttpResponse<InputStream>) response).body();
    }

    @Override
    public void close(Object response) throws Exception {
        stream(response).close();
    }

    @Override
    public String getWithHelper(String url) throws Exception {
        return client.send(request(url), BodyHandlers.ofString()).body();
    }

    @Override
    public boolean getAsync(String url, Consumer<Object> onResponse) {
        client.sendAsync(request(url), BodyHandlers.ofInputStream()).thenAccept(onResponse); Mark.here("async-request");
        return true;
    }
}
