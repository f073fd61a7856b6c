package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server may answer an upload before it has read the body (413 Payload Too Large, 401, 503) and then stop
 * reading, or close. The transport stops sending, returns that answer, and never pools the connection.
 */
class EarlyAnswerTest {
    private static final String TOO_LARGE = "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\n"
            + "Connection: close\r\n\r\ntoo large";
    /** Far more than the socket buffers on both sides hold: the send cannot finish before the server acts. */
    private static final int UPLOAD_BYTES = 32 * 1024 * 1024;
    private static final int CALL_TIMEOUT_MILLIS = 5_000;

    @Test
    void anAnswerBeforeTheBodyIsReturnedWhileTheServerStopsReading() throws Exception {
        // The server answers after the head, half-closes, and reads nothing more: a send would block until
        // the call timeout.
        CountDownLatch testDone = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.readHead();
            peer.write(TOO_LARGE);
            peer.socket.shutdownOutput();
            testDone.await(10, TimeUnit.SECONDS);
        }); Transport t = transport()) {
            assertAnswered(t, Request.get(server.url("/upload")).post(RequestBody.of(new byte[UPLOAD_BYTES], null))
                    .build());
            assertAnswered(t, Request.get(server.url("/upload")).post(streamed()).build());
        } finally {
            testDone.countDown();
        }
    }

    @Test
    void anAnswerBeforeTheBodyIsReturnedWhenTheServerThenClosesWithAReset() throws Exception {
        // Closing with unread bytes makes the server's kernel reset the connection: the client's next write
        // fails, and the answer already received must not be lost with it. Twenty times, as timing varies.
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.readHead();
            peer.write(TOO_LARGE);
        }); Transport t = transport()) {
            for (int i = 0; i < 20; i++) {
                assertAnswered(t, Request.get(server.url("/upload")).post(RequestBody.of(new byte[UPLOAD_BYTES], null))
                        .build());
                assertAnswered(t, Request.get(server.url("/upload")).post(streamed()).build());
            }
        }
    }

    @Test
    void aServerThatClosesWithoutAnsweringGivesTheSendFailureNamingTheRequest() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> peer.readHead()); Transport t = transport()) {
            Request upload = Request.get(server.url("/upload")).post(RequestBody.of(new byte[UPLOAD_BYTES], null))
                    .build();
            long start = System.nanoTime();
            SocketException e = assertThrows(SocketException.class, () -> t.execute(upload));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().endsWith("while sending POST " + server.url("/upload")), e.getMessage());
            assertTrue(millis < 2_000, "took " + millis + " ms");
            assertEquals(t.stats().opened(), t.stats().closed());
        }
    }

    @Test
    void anUploadTheServerReadsWholeKeepsItsConnection() throws Exception {
        try (ScriptedServer server = ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                Transport t = transport()) {
            for (int i = 0; i < 3; i++) {
                try (Response r = t.execute(Request.get(server.url("/upload"))
                        .post(RequestBody.of(new byte[1024 * 1024], null)).build())) {
                    assertEquals("ok", r.body().string());
                }
            }
            assertEquals(1, t.stats().opened(), "one connection served all three uploads");
        }
    }

    private static void assertAnswered(Transport t, Request upload) throws IOException {
        long start = System.nanoTime();
        try (Response r = t.execute(upload)) {
            assertEquals(413, r.status());
            assertEquals("too large", r.body().string());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "took " + millis + " ms");
        PoolStats s = t.stats();
        assertEquals(0, s.idle(), "a connection whose request was cut short is never pooled");
        assertEquals(s.opened(), s.closed());
    }

    private static RequestBody streamed() {
        byte[] block = new byte[8 * 1024];
        return RequestBody.chunked(out -> {
            for (int i = 0; i < UPLOAD_BYTES / block.length; i++) {
                out.write(block);
            }
        }, "application/octet-stream");
    }

    private static Transport transport() {
        return Transport.builder().readTimeout(Duration.ofSeconds(3))
                .callTimeout(Duration.ofMillis(CALL_TIMEOUT_MILLIS)).build();
    }
}
