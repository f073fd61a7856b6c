package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bodycheck.runtime.Stats;
import dev.bodycheck.runtime.Tracker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connection reuse, staleness, retries, timeouts and leaks, against servers that behave badly on purpose. */
class ConnectionLifecycleTest {
    static {
        TestRuntime.ensureStarted();
    }

    private static final String HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private static Transport transport(int readTimeoutMillis) {
        return Transport.builder().readTimeout(Duration.ofMillis(readTimeoutMillis)).build();
    }

    private static String get(Transport t, String url) throws IOException {
        try (Response r = t.get(url)) {
            return r.body().string();
        }
    }

    @Test
    void anIdleConnectionClosedByTheServerIsDetectedBeforeReuse() throws Exception {
        // closes each connection after 200 ms without a request, as many servers do
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.socket.setSoTimeout(200);
            try {
                while (peer.readRequest() != null) {
                    peer.write(HELLO);
                }
            } catch (java.net.SocketTimeoutException idle) {
                // close
            }
        }); Transport t = transport(2000)) {
            assertEquals("hello", get(t, server.url("/a")));
            Thread.sleep(350);
            assertEquals("hello", get(t, server.url("/b")));
            PoolStats s = t.stats();
            assertEquals(1, s.closedStale(), s.toString());
            assertEquals(0, s.retried(), "found before sending, not by failing: " + s);
            assertEquals(2, s.opened());
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void anIdempotentRequestFailingOnAStaleConnectionIsRetriedOnceOnAFreshOne() throws Exception {
        // claims keep-alive, but closes the connection on the next request, unanswered: it fails once sent
        try (ScriptedServer server = ScriptedServer.answeringOnceThenDroppingTheNext(HELLO);
                Transport t = transport(2000)) {
            assertEquals("hello", get(t, server.url("/a")));
            assertEquals("hello", get(t, server.url("/b")));
            PoolStats s = t.stats();
            assertEquals(1, s.retried(), s.toString());
            assertEquals(2, s.opened());
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void aNonIdempotentRequestIsNotRetried() throws Exception {
        try (ScriptedServer server = ScriptedServer.answeringOnceThenDroppingTheNext(HELLO);
                Transport t = transport(2000)) {
            assertEquals("hello", get(t, server.url("/a")));
            Request post = Request.get(server.url("/b")).post(RequestBody.of("x", "text/plain")).build();
            assertThrows(IOException.class, () -> t.execute(post).close());
            assertEquals(0, t.stats().retried());
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void aServerThatStallsMidBodyGivesAReadTimeout() throws Exception {
        try (ScriptedServer server = ScriptedServer.answeringOnceThenStalling(
                "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"); Transport t = transport(200)) {
            Response r = t.get(server.url("/stall"));
            long start = System.nanoTime();
            ReadTimeoutException e = assertThrows(ReadTimeoutException.class, () -> r.body().bytes());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 150 && millis < 1000, "took " + millis + " ms");
            assertTrue(e.getMessage().startsWith("read timed out after 200 ms while reading the response body of GET"),
                    e.getMessage());
            assertEquals(0, t.stats().idle());
            assertEquals(1, t.stats().closed());
        }
    }

    @Test
    void aServerThatNeverAnswersGivesAReadTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.readRequest();
            peer.clientClosesWithin(5000);
        }); Transport t = transport(200)) {
            ReadTimeoutException e = assertThrows(ReadTimeoutException.class, () -> t.get(server.url("/silent")));
            assertTrue(e.getMessage().contains("while waiting for the response to GET"), e.getMessage());
            assertEquals(t.stats().opened(), t.stats().closed());
        }
    }

    @Test
    void aServerThatDripsBytesHitsTheCallTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.readRequest();
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                peer.write("x");
                Thread.sleep(30);
            }
        }); Transport t = Transport.builder().readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofMillis(300))
                .build()) {
            long start = System.nanoTime();
            CallTimeoutException e = assertThrows(CallTimeoutException.class, () -> {
                try (Response r = t.get(server.url("/drip"))) {
                    r.body().bytes();
                }
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 250 && millis < 1000, "took " + millis + " ms");
            assertTrue(e.getMessage().startsWith("call timed out after 300 ms"), e.getMessage());
        }
    }

    @Test
    void anUploadToAServerThatStopsReadingHitsTheCallTimeout() throws Exception {
        CountDownLatch testDone = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(peer -> testDone.await(5, TimeUnit.SECONDS)); // reads nothing
                Transport t = Transport.builder().callTimeout(Duration.ofMillis(300)).build()) {
            byte[] block = new byte[64 * 1024];
            Request upload = Request.get(server.url("/upload")).put(RequestBody.chunked(out -> {
                for (int i = 0; i < 16 * 1024; i++) { // 1 GiB at most: far more than any socket buffer
                    out.write(block);
                }
            }, "application/octet-stream")).build();
            long start = System.nanoTime();
            CallTimeoutException e = assertThrows(CallTimeoutException.class, () -> t.execute(upload));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "took " + millis + " ms");
            assertTrue(e.getMessage().startsWith("call timed out after 300 ms while sending PUT"), e.getMessage());
            assertEquals(t.stats().opened(), t.stats().closed());
        } finally {
            testDone.countDown();
        }
    }

    @Test
    void aConnectThatIsNeverAcceptedGivesAConnectTimeout() throws Exception {
        // A listen queue of 1 that nobody accepts: once it is full, Linux drops further SYNs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> fillers = new ArrayList<>();
            try (Transport t = Transport.builder().connectTimeout(Duration.ofMillis(200)).build()) {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 100);
                        fillers.add(s);
                    } catch (IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                long start = System.nanoTime();
                IOException e = assertThrows(IOException.class,
                        () -> t.get("http://127.0.0.1:" + full.getLocalPort() + "/"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 1500, "took " + millis + " ms");
                if (e instanceof ConnectTimeoutException) {
                    assertTrue(e.getMessage().contains("timed out after 200 ms"), e.getMessage());
                } else {
                    // Accepted into the queue after all (kernels differ): then the read timeout must end it.
                    assertTrue(e instanceof ReadTimeoutException || e instanceof NoResponseException, e.toString());
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        String response = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + HELLO;
        try (ScriptedServer server = ScriptedServer.answering(response); Transport t = transport(2000)) {
            assertEquals("hello", get(t, server.url("/a")));
            assertEquals("hello", get(t, server.url("/b")));
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void chunkedBodiesWithExtensionsAndTrailersKeepTheConnection() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1 \r\n,\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n";
        try (ScriptedServer server = ScriptedServer.answering(response); Transport t = transport(2000)) {
            for (int i = 0; i < 3; i++) {
                try (Response r = t.get(server.url("/c"))) {
                    assertEquals(-1, r.body().contentLength());
                    assertEquals("hello, world", r.body().string());
                    assertEquals("abc", r.body().trailers().get("x-checksum"));
                }
            }
            assertEquals(1, server.connections.get());
            assertEquals(2, t.stats().reused());
        }
    }

    @Test
    void bytesAfterABodyAreNeverReadAsTheNextResponse() throws Exception {
        // The first answer carries a second, unasked-for response after its 5 bytes. Read through read(),
        // the body gives its 5 bytes, then the end of the body says what the server did wrong; the
        // connection is discarded, and the next request gets its own answer on a new connection, never the
        // smuggled one.
        String smuggled = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled";
        AtomicInteger answered = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            while (peer.readRequest() != null) {
                peer.write(answered.getAndIncrement() == 0 ? HELLO + smuggled
                        : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal");
            }
        }); Transport t = transport(2000)) {
            try (Response r = t.get(server.url("/a"))) {
                byte[] buf = new byte[64];
                assertEquals(5, r.body().read(buf, 0, 5));
                assertEquals("hello", new String(buf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
                MalformedResponseException e = assertThrows(MalformedResponseException.class,
                        () -> r.body().read(buf, 0, buf.length));
                assertTrue(e.getMessage().contains("more bytes than its Content-Length of 5"), e.getMessage());
            }
            assertEquals("real", get(t, server.url("/b")));
            assertEquals(2, server.connections.get());
            assertEquals(0, t.stats().reused());
        }
    }

    @Test
    void connectionCloseHttp10AndCloseDelimitedBodiesAreNeverPooled() throws Exception {
        String[] responses = {
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\n\r\nhello", // no length: the body ends when the server closes
        };
        for (String response : responses) {
            try (ScriptedServer server = ScriptedServer.answeringOnceThenClosing(response);
                    Transport t = transport(2000)) {
                assertEquals("hello", get(t, server.url("/a")));
                PoolStats s = t.stats();
                assertEquals(0, s.idle(), response);
                assertEquals(1, s.closed(), response);
            }
        }
    }

    @Test
    void aLeakedBodyIsReportedAndItsConnectionClosedAndItsSlotFreed() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.readRequest();
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000));
            if (peer.clientClosesWithin(10_000)) {
                clientClosed.countDown();
            }
        }); Transport t = transport(5000)) {
            Stats before = Tracker.stats().of(RuntimeLink.CLIENT_ID);
            leak(t, server.url("/leak"));
            assertEquals(1, t.stats().leased());
            // collect() forces the GC; the tracker's reaper thread may be the one to report the leak
            Tracker.collect(2000);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Tracker.stats().of(RuntimeLink.CLIENT_ID).leaked() == before.leaked() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(clientClosed.await(5, TimeUnit.SECONDS), "the server saw the socket closed");
            PoolStats s = t.stats();
            assertEquals(0, s.leased());
            assertEquals(1, s.closedByLeak());
            assertEquals(1, Tracker.stats().of(RuntimeLink.CLIENT_ID).leaked() - before.leaked());
        }
    }

    /** Reads a little and drops the response without closing it, as the seed incident's code did. */
    private static void leak(Transport t, String url) throws IOException {
        Response r = t.get(url);
        r.body().read(new byte[10]);
    }

    @Test
    void aLateLeakCleanupDoesNotTouchALaterLeaseOfTheSameConnection() throws Exception {
        try (ScriptedServer server = ScriptedServer.answering(HELLO);
                Socket socket = new Socket("127.0.0.1", java.net.URI.create(server.url("/")).getPort())) {
            Address address = Address.of(java.net.URI.create(server.url("/")));
            ConnectionPool pool = new ConnectionPool(5, 60_000_000_000L);
            Connection c = new Connection(address, socket);
            pool.opened(c);
            java.util.function.BooleanSupplier cleanupOfFirstLease = pool.leakCleanup(c);
            pool.release(c);
            assertEquals(c, pool.acquire(address));
            assertFalse(cleanupOfFirstLease.getAsBoolean()); // run late: it must not close the second lease
            assertTrue(!c.isClosed());
            assertEquals(0, pool.stats().closedByLeak());
            assertTrue(pool.leakCleanup(c).getAsBoolean()); // the clean-up of the current lease does
            assertTrue(c.isClosed());
            assertEquals(1, pool.stats().closedByLeak());
            assertEquals(0, pool.stats().leased());
        }
    }

    @Test
    void theStaleProbeDoesNotMistakeALiveConnectionForADeadOne() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        try (ScriptedServer server = ScriptedServer.answering(HELLO); Transport t = transport(2000)) {
            assertEquals("hello", get(t, server.url("/a")));
            Thread.sleep(ConnectionPool.PROBE_AFTER_NANOS / 1_000_000 + 20); // long enough to be probed
            assertEquals("hello", get(t, server.url("/b")));
            failed.set(t.stats().closedStale() != 0);
            assertEquals(1, server.connections.get());
            assertEquals(1, t.stats().reused());
        }
        assertTrue(!failed.get());
    }

    @Test
    void withoutTheTrackerADroppedBodyStillHasItsConnectionClosed() throws Exception {
        try (ScriptedServer server = ScriptedServer.answering(HELLO);
                Socket socket = new Socket("127.0.0.1", java.net.URI.create(server.url("/")).getPort())) {
            ConnectionPool pool = new ConnectionPool(5, 60_000_000_000L);
            Connection c = new Connection(Address.of(java.net.URI.create(server.url("/"))), socket);
            pool.opened(c);
            dropUntracked(c, pool);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!c.isClosed() && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertTrue(c.isClosed());
            assertEquals(1, pool.stats().closedByLeak());
            assertEquals(0, pool.stats().leased());
        }
    }

    private static void dropUntracked(Connection c, ConnectionPool pool) {
        ResponseBody body = new ResponseBody(new FixedLengthSource(c.input, 5), c, pool, true, 5, null,
                Limits.defaults().maxBufferedBody(), Request.get("http://127.0.0.1/untracked").build());
        UntrackedLeakGuard.watch(body, pool.leakCleanup(c));
    }
}
