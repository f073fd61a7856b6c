package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code bytes()} and {@code string()} hold at most {@link Limits#maxBufferedBody()}: a server that announces
 * a huge body, or sends more than the limit, gets a {@link LimitExceededException} at once, not our heap,
 * and the connection is closed.
 */
class BoundedBodyTest {
    private static final String OK = "HTTP/1.1 200 OK\r\n";

    @Test
    void aHugeAnnouncedLengthFailsAtOnceWithoutAllocatingIt() throws Exception {
        try (ScriptedServer server = ScriptedServer.answeringOnceThenStalling(OK + "Content-Length: 2000000000\r\n\r\nabc");
                Transport transport = Transport.builder().readTimeout(Duration.ofSeconds(5)).build()) {
            long start = System.nanoTime();
            Response r = transport.get(server.url("/huge"));
            LimitExceededException e = assertThrows(LimitExceededException.class, () -> r.body().bytes());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("the response body of GET " + server.url("/huge") + " announces 2000000000 bytes, more than "
                    + "the limit of 67108864 bytes for bytes() and string(); read it as a stream", e.getMessage());
            assertTrue(millis < 2_000, "took " + millis + " ms");
            assertClosed(transport);
        }
    }

    @Test
    void aChunkedBodyLongerThanTheLimitFailsAsSoonAsItPassesIt() throws Exception {
        String chunk = "258\r\n" + "x".repeat(600) + "\r\n";
        try (ScriptedServer server = ScriptedServer.answeringOnceThenStalling(
                OK + "Transfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk); // no last chunk: then silence
                Transport transport = Transport.builder().readTimeout(Duration.ofSeconds(5))
                        .limits(Limits.defaults().withMaxBufferedBody(1000)).build()) {
            long start = System.nanoTime();
            Response r = transport.get(server.url("/endless"));
            LimitExceededException e = assertThrows(LimitExceededException.class, () -> r.body().string());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("the response body of GET " + server.url("/endless") + " is longer than the limit of 1000 "
                    + "bytes for bytes() and string(); read it as a stream", e.getMessage());
            assertTrue(millis < 2_000, "took " + millis + " ms: it waited for more instead of failing");
            assertClosed(transport);
        }
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadAndItsConnectionKept() throws Exception {
        byte[] payload = "y".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = ScriptedServer.answering(OK + "Content-Length: 1000\r\n\r\n" + "y".repeat(1000));
                Transport transport = Transport.builder().limits(Limits.defaults().withMaxBufferedBody(1000)).build()) {
            assertArrayEquals(payload, transport.get(server.url("/exact")).body().bytes());
            assertArrayEquals(payload, transport.get(server.url("/exact")).body().bytes());
            PoolStats s = transport.stats();
            assertEquals(1, s.opened(), "one connection served both");
            assertEquals(1, s.idle());
        }
    }

    @Test
    void aNegativeOrTooLargeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxBufferedBody(-1));
        assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxBufferedBody(Integer.MAX_VALUE));
    }

    private static void assertClosed(Transport transport) {
        PoolStats s = transport.stats();
        assertEquals(0, s.idle(), "a connection whose body was not read to its end is never pooled");
        assertEquals(0, s.leased());
        assertEquals(s.opened(), s.closed());
    }
}
