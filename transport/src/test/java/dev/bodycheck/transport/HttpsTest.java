package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https: TLS over the JDK's SSLSocket, host name verification and SNI, with a throwaway certificate for "localhost". */
class HttpsTest {
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks); // trusts the certificate of the key entry
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    private static Transport transport() {
        return Transport.builder().sslSocketFactory(clientContext.getSocketFactory()).build();
    }

    @Test
    void getsOverTlsAndReusesTheConnection() throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", ex -> {
            byte[] body = LocalHttpServer.payload(100_000);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try (Transport t = transport()) {
            String url = "https://localhost:" + server.getAddress().getPort() + "/";
            for (int i = 0; i < 3; i++) {
                try (Response r = t.get(url)) {
                    assertArrayEquals(LocalHttpServer.payload(100_000), r.body().bytes());
                }
            }
            assertEquals(1, t.stats().opened());
            assertEquals(2, t.stats().reused());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sendsSniAndVerifiesTheHostName() throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getByName("127.0.0.1")); Transport t = transport()) {
            CompletableFuture<List<SNIServerName>> sni = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    List<SNIServerName> names = ((ExtendedSSLSession) s.getSession()).getRequestedServerNames();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    while (!in.readLine().isEmpty()) {
                        // request head
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    return names;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Response r = t.get("https://localhost:" + ss.getLocalPort() + "/")) {
                assertEquals("ok", r.body().string());
            }
            assertEquals(List.of(new SNIHostName("localhost")), sni.get(5, TimeUnit.SECONDS));

            // the certificate names localhost, not 127.0.0.1: the handshake must fail, not silently pass
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            assertThrows(SSLHandshakeException.class, () -> t.get("https://127.0.0.1:" + ss.getLocalPort() + "/"));
            assertEquals(0, t.stats().leased());
        }
    }
}
