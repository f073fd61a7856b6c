package dev.bodycheck.it.junitapp;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bodycheck.junit.NoBodyLeaks;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A JDK {@code HttpClient} kept in a field, over HTTPS (a server in this JVM, with the key store
 * {@code -Dit.keystore}, password {@code changeit}): one test drops its body, its twin reads it. Two more keep
 * their body referenced past their end: the class's end then decides, after it dropped one and closed the other.
 */
@NoBodyLeaks
class HttpsCase {
    private static HttpsServer server;
    private static HttpClient client;
    private static InputStream dropAfterTheTests;
    private static InputStream closeAfterTheTests;

    @BeforeAll
    static void start() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Paths.get(System.getProperty("it.keystore")))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, "changeit".toCharArray());
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        byte[] body = new byte[64 * 1024];
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (java.io.IOException e) {
                // the client dropped its body
            }
        });
        server.start();
        client = HttpClient.newBuilder().sslContext(tls).build();
    }

    @AfterAll
    static void stop() throws Exception {
        dropAfterTheTests = null;
        closeAfterTheTests.close();
        server.stop(0);
    }

    private static HttpResponse<InputStream> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void dropsAnHttpsBody() throws Exception {
        get("/https-drop").body().read(); // dropped
    }

    @Test
    void readsAnHttpsBody() throws Exception {
        try (InputStream in = get("/https-read").body()) {
            in.readAllBytes();
        }
    }

    @Test
    void keepsABodyTheClassDrops() throws Exception {
        dropAfterTheTests = get("/https-kept-dropped").body();
    }

    @Test
    void keepsABodyTheClassCloses() throws Exception {
        closeAfterTheTests = get("/https-kept-closed").body();
    }
}
