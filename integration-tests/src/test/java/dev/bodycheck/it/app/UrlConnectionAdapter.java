package dev.bodycheck.it.app;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/** {@code HttpURLConnection}: the response is the connection; its body, the input (or error) stream. */
public final class UrlConnectionAdapter implements ClientAdapter {
    @Override
    public Object get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        int status = c.getResponseCode(); Mark.here("request");
        return c;
    }

    @Override
    public Object head(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("HEAD");
        c.getResponseCode();
        return c;
    }

    @Override
    public InputStream stream(Object response) throws Exception {
        HttpURLConnection c = (HttpURLConnection) response;
        return c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
    }

    @Override
    public void close(Object response) throws Exception {
        stream(response).close();
    }

    @Override
    public String getWithHelper(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
