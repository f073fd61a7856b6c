package dev.bodycheck.bench;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One keep-alive GET of the 1 KiB body, read whole and closed the way each library documents. */
interface Get extends AutoCloseable {
    /** Returns the number of body bytes read. */
    int get() throws Exception;

    @Override
    default void close() throws Exception {
    }

    static Get of(String client, String url) throws Exception {
        switch (client) {
            case "okhttp": {
                okhttp3.OkHttpClient c = new okhttp3.OkHttpClient.Builder()
                        .connectionPool(new okhttp3.ConnectionPool(16, 5, java.util.concurrent.TimeUnit.MINUTES)).build();
                okhttp3.Request r = new okhttp3.Request.Builder().url(url).build();
                return () -> {
                    try (okhttp3.Response response = c.newCall(r).execute()) {
                        return response.body().bytes().length;
                    }
                };
            }
            case "apache4": {
                org.apache.http.impl.client.CloseableHttpClient c = org.apache.http.impl.client.HttpClients.custom()
                        .setMaxConnPerRoute(16).setMaxConnTotal(16).build();
                return new Get() {
                    @Override
                    public int get() throws Exception {
                        try (org.apache.http.client.methods.CloseableHttpResponse response =
                                c.execute(new org.apache.http.client.methods.HttpGet(url))) {
                            return org.apache.http.util.EntityUtils.toByteArray(response.getEntity()).length;
                        }
                    }

                    @Override
                    public void close() throws Exception {
                        c.close();
                    }
                };
            }
            case "apache5": {
                org.apache.hc.client5.http.impl.classic.CloseableHttpClient c =
                        org.apache.hc.client5.http.impl.classic.HttpClients.custom().setConnectionManager(
                                org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
                                        .setMaxConnPerRoute(16).setMaxConnTotal(16).build()).build();
                return new Get() {
                    @Override
                    public int get() throws Exception {
                        try (org.apache.hc.client5.http.impl.classic.CloseableHttpResponse response =
                                c.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url))) {
                            return org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(response.getEntity()).length;
                        }
                    }

                    @Override
                    public void close() throws Exception {
                        c.close();
                    }
                };
            }
            case "jdk": {
                HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest r = HttpRequest.newBuilder(URI.create(url)).build();
                return () -> {
                    try (InputStream in = c.send(r, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                        return in.readAllBytes().length;
                    }
                };
            }
            case "urlconnection": {
                URL u = new URL(url);
                return () -> {
                    HttpURLConnection c = (HttpURLConnection) u.openConnection();
                    try (InputStream in = c.getInputStream()) {
                        return in.readAllBytes().length;
                    }
                };
            }
            case "reference": {
                dev.bodycheck.transport.Transport t = dev.bodycheck.transport.Transport.builder()
                        .maxIdleConnectionsPerHost(16).build();
                dev.bodycheck.transport.Request r = dev.bodycheck.transport.Request.get(url).build();
                return new Get() {
                    @Override
                    public int get() throws Exception {
                        try (dev.bodycheck.transport.Response response = t.execute(r)) {
                            return response.body().bytes().length;
                        }
                    }

                    @Override
                    public void close() {
                        t.close();
                    }
                };
            }
            default:
                throw new IllegalArgumentException(client);
        }
    }
}
