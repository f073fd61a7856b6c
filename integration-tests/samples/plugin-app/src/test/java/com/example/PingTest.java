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

/** No annotation: the plugin's failFast=true checks every test. */
class PingTest {
    private static final OkHttpClient CLIENT = new OkHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "pong".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
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
        assertEquals("kept", System.getProperty("sample.mark"), "the project's own argLine is kept");
    }

    @Test
    void leaksItsResponse() throws Exception {
        Response response = CLIENT.newCall(ping("/leak")).execute();
        assertEquals(200, response.code()); // never closed
    }
}
