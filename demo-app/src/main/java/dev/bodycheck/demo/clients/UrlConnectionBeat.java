package dev.bodycheck.demo.clients;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * {@code HttpURLConnection}: its keep-alive cache gets the connection back only when the stream of
 * {@code getInputStream()} is read to EOF or closed; a dropped stream keeps the socket until a GC.
 */
final class UrlConnectionBeat implements BeatClient {
    private final URL url;
    private final int timeoutMillis;

    UrlConnectionBeat(BeatSettings settings) throws IOException {
        url = settings.url().toURL();
        timeoutMillis = (int) settings.timeout().toMillis();
    }

    @Override
    public int leakyBeat() throws IOException {
        HttpURLConnection connection = open();
        connection.getInputStream(); // the incident: the stream is never read nor closed
        return connection.getResponseCode();
    }

    @Override
    public int fixedBeat() throws IOException {
        HttpURLConnection connection = open();
        try (InputStream body = connection.getInputStream()) {
            body.readAllBytes();
        }
        return connection.getResponseCode();
    }

    private HttpURLConnection open() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        return connection;
    }

    @Override
    public void close() {
        // no client object: the JDK's keep-alive cache closes its idle connections by itself
    }
}
