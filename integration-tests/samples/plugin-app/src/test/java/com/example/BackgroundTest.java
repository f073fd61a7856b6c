package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A poller started before the tests leaks a body: no test's work made it, so it fails no test; it is counted as
 * unattributed, and bodycheck:check fails the build.
 */
class BackgroundTest {
    private static final OkHttpClient CLIENT = new OkHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void startServerAndPoller() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "pong".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Thread poller = new Thread(() -> {
            try {
                CLIENT.newCall(ping("/poll")).execute().code(); // never closed
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "poller");
        poller.start();
        poller.join();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static Request ping(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + path).build();
    }

    @Test
    void closesItsResponse() throws Exception {
        try (Response response = CLIENT.newCall(ping("/clean")).execute()) {
            assertEquals("pong", response.body().string());
        }
    }
}
