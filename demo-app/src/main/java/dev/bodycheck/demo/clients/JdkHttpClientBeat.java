package dev.bodycheck.demo.clients;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/**
 * {@code java.net.http.HttpClient} with {@code BodyHandlers.ofInputStream()}: the stream holds its
 * HTTP/1.1 connection until it is read to EOF or closed. No {@code connectTimeout} on the builder: with
 * one, JDK 17 to 25 keep some dropped responses reachable while the client lives.
 */
final class JdkHttpClientBeat implements BeatClient {
    private HttpClient client;
    private final HttpRequest request;

    JdkHttpClientBeat(BeatSettings settings) {
        // HTTP/1.1: the default (HTTP/2 with h2c upgrade) would multiplex every beat on one connection
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create(settings.url().toString()))
                .timeout(settings.timeout())
                .build();
    }

    @Override
    public int leakyBeat() throws IOException {
        HttpResponse<InputStream> response = send(); // the incident: the stream is never closed
        return response.statusCode();
    }

    @Override
    public int fixedBeat() throws IOException {
        HttpResponse<InputStream> response = send();
        try (InputStream body = response.body()) {
            body.readAllBytes();
        }
        return response.statusCode();
    }

    private HttpResponse<InputStream> send() throws IOException {
        try {
            return client.send(request, BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        HttpClient c = client;
        client = null; // on JDK 17, dropping the client is what lets it go
        // JDK 21+: shutdownNow(), not close(): close() waits for every exchange to finish, and the leaky
        // loop's exchanges never do (their streams were dropped unread), so it would wait forever
        try {
            c.getClass().getMethod("shutdownNow").invoke(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // JDK 17: no such method
        }
    }
}
