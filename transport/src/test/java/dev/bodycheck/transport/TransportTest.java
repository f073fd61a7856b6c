package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.runtime.Stats;
import dev.bodycheck.runtime.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport against a real keep-alive server (the JDK's HttpServer): framing, sizes, reuse. */
class TransportTest {
    static {
        TestRuntime.ensureStarted();
    }

    private static LocalHttpServer server;
    private Transport transport;

    @BeforeAll
    static void startServer() throws IOException {
        server = new LocalHttpServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void newTransport() {
        transport = Transport.builder().readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).build();
        server.clientPorts.clear();
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 1 << 20, 10 << 20})
    void bodiesOfEverySizeWithContentLengthAndChunked(int n) throws IOException {
        for (String path : new String[] {"/bytes?n=", "/chunked?n="}) {
            try (Response r = transport.get(server.url(path + n))) {
                assertEquals(200, r.status());
                assertArrayEquals(LocalHttpServer.payload(n), r.body().bytes(), path + n);
            }
        }
        assertEquals(1, server.clientPorts.size(), "both responses on one connection");
        assertEquals(1, transport.stats().idle());
    }

    @Test
    void smallReadsAndSingleBytesSeeTheSameBytes() throws IOException {
        byte[] expected = LocalHttpServer.payload(40_000);
        try (Response r = transport.get(server.url("/chunked?n=40000"))) {
            InputStream in = r.body();
            byte[] got = new byte[expected.length];
            int off = 0;
            for (int b; off < 100 && (b = in.read()) >= 0; ) {
                got[off++] = (byte) b;
            }
            for (int n; (n = in.read(got, off, Math.min(333, got.length - off))) > 0; ) {
                off += n;
            }
            assertEquals(-1, in.read());
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void keepAliveReusesOneConnectionCountedByTheServer() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (Response r = transport.get(server.url("/bytes?n=1000"))) {
                r.body().bytes();
            }
        }
        assertEquals(1, server.clientPorts.size());
        PoolStats s = transport.stats();
        assertEquals(1, s.opened());
        assertEquals(49, s.reused());
        assertEquals(1, s.idle());
        assertEquals(0, s.leased());
    }

    @Test
    void readingToTheEndHandsTheConnectionBackAtOnce() throws IOException {
        Response r = transport.get(server.url("/bytes?n=5000"));
        assertEquals(1, transport.stats().leased());
        InputStream in = r.body();
        assertEquals(5000, in.readNBytes(5000).length);
        // the last byte was read, -1 not yet: the connection is already back
        assertEquals(0, transport.stats().leased());
        assertEquals(1, transport.stats().idle());
        assertEquals(-1, in.read());
    }

    @Test
    void closingEarlyDrainsASmallRemainderAndKeepsTheConnection() throws IOException {
        Stats before = Tracker.stats().of(RuntimeLink.CLIENT_ID);
        try (Response r = transport.get(server.url("/bytes?n=3000"))) {
            assertEquals(100, r.body().readNBytes(100).length);
        }
        try (Response r = transport.get(server.url("/bytes?n=10"))) {
            r.body().bytes();
        }
        assertEquals(1, server.clientPorts.size());
        assertEquals(1, transport.stats().reused());
        Stats after = Tracker.stats().of(RuntimeLink.CLIENT_ID);
        assertEquals(1, after.closed() - before.closed());
        assertEquals(1, after.consumed() - before.consumed());
    }

    @Test
    void closingEarlyWithALargeRemainderClosesTheConnection() throws IOException {
        try (Response r = transport.get(server.url("/bytes?n=1000000"))) {
            r.body().readNBytes(100);
        }
        PoolStats s = transport.stats();
        assertEquals(0, s.idle());
        assertEquals(1, s.closed());
        try (Response r = transport.get(server.url("/bytes?n=10"))) {
            r.body().bytes();
        }
        assertEquals(2, server.clientPorts.size());
    }

    @Test
    void headNoContentAndNotModifiedHaveNoBodyAndKeepTheConnection() throws IOException {
        try (Response r = transport.execute(Request.builder("HEAD", java.net.URI.create(server.url("/bytes?n=500")))
                .build())) {
            assertEquals(200, r.status());
            assertEquals(-1, r.body().read());
        }
        for (int code : new int[] {204, 304}) {
            try (Response r = transport.get(server.url("/status?code=" + code))) {
                assertEquals(code, r.status());
                assertEquals(0, r.body().bytes().length);
            }
        }
        assertEquals(1, server.clientPorts.size());
        assertEquals(0, transport.stats().leased());
    }

    @Test
    void postsAFixedLengthBody() throws IOException {
        Request req = Request.get(server.url("/echo")).post(RequestBody.of("héllo", "text/plain")).build();
        try (Response r = transport.execute(req)) {
            assertEquals("length 6", r.header("X-Request-Framing"));
            assertEquals("héllo", r.body().string());
        }
    }

    @Test
    void postsAStreamedBodyChunked() throws IOException {
        byte[] big = LocalHttpServer.payload(300_000);
        Request req = Request.get(server.url("/echo")).post(RequestBody.chunked(out -> {
            out.write(big, 0, 1);
            out.write(big, 1, big.length - 1);
        }, "application/octet-stream")).build();
        try (Response r = transport.execute(req)) {
            assertEquals("chunked", r.header("X-Request-Framing"));
            assertArrayEquals(big, r.body().bytes());
        }
    }

    @Test
    void idleConnectionsAreEvictedAfterTheKeepAliveTime() throws Exception {
        try (Transport t = Transport.builder().keepAlive(Duration.ofMillis(100)).build()) {
            t.get(server.url("/bytes?n=10")).body().bytes();
            assertEquals(1, t.stats().idle());
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (t.stats().idle() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, t.stats().idle());
            assertEquals(1, t.stats().evicted());
        }
    }

    @Test
    void keepsAtMostMaxIdleConnectionsPerHost() throws IOException {
        try (Transport t = Transport.builder().maxIdleConnectionsPerHost(1).build()) {
            Response a = t.get(server.url("/bytes?n=10"));
            Response b = t.get(server.url("/bytes?n=10"));
            Response c = t.get(server.url("/bytes?n=10"));
            assertEquals(3, t.stats().leased());
            a.body().bytes();
            b.body().bytes();
            c.body().bytes();
            PoolStats s = t.stats();
            assertEquals(1, s.idle());
            assertEquals(2, s.evicted());
            assertEquals(s.opened(), s.idle() + s.leased() + s.closed());
        }
    }

    @Test
    void aClosedBodyRefusesReadsAndAConsumedOneReturnsEof() throws IOException {
        Response r = transport.get(server.url("/bytes?n=100000"));
        r.close();
        assertThrows(IOException.class, () -> r.body().read());
        Response s = transport.get(server.url("/bytes?n=3"));
        s.body().bytes();
        assertEquals(-1, s.body().read());
    }

    @Test
    void stringUsesTheCharsetOfTheContentType() throws IOException {
        Request req = Request.get(server.url("/echo"))
                .post(RequestBody.of("ünïcödé".getBytes(StandardCharsets.UTF_8), "text/plain")).build();
        assertEquals("ünïcödé", transport.execute(req).body().string());
    }

    @Test
    void aClosedTransportRefusesRequests() {
        transport.close();
        assertThrows(IllegalStateException.class, () -> transport.get(server.url("/bytes?n=1")));
    }

    @Test
    void rejectsRequestsThatCouldSplitHeaders() {
        assertThrows(IllegalArgumentException.class, () -> Request.get("http://127.0.0.1/").header("X", "a\r\nB: c"));
        assertThrows(IllegalArgumentException.class, () -> Request.get("http://127.0.0.1/").header("X Y", "a"));
        assertThrows(IllegalArgumentException.class, () -> Request.get("ftp://127.0.0.1/"));
        assertTrue(Request.get("http://127.0.0.1/").build().isRetryable());
        assertTrue(!Request.get("http://127.0.0.1/").method("POST").build().isRetryable());
    }
}
