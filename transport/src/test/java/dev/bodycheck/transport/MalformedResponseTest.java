package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each malformed or over-limit response gives its own exception with a message that names the fault,
 * at once (no waiting for a timeout), and the connection is closed, never pooled.
 */
class MalformedResponseTest {
    private static final String OK = "HTTP/1.1 200 OK\r\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // status line
                bad("no status code", "HTTP/1.1 OK\r\n\r\n", MalformedResponseException.class, "malformed status line"),
                bad("not HTTP", "SSH-2.0-OpenSSH_9.0\r\n\r\n", MalformedResponseException.class, "malformed status line"),
                bad("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n", MalformedResponseException.class, "unsupported HTTP version"),
                bad("status not digits", "HTTP/1.1 2x0 OK\r\n\r\n", MalformedResponseException.class, "not 3 digits"),
                bad("status 4 digits", "HTTP/1.1 2000 OK\r\n\r\n", MalformedResponseException.class, "not 3 digits"),
                bad("status out of range", "HTTP/1.1 600 Nope\r\n\r\n", MalformedResponseException.class,
                        "outside 100..599"),
                bad("control char in reason", "HTTP/1.1 200 O\u0000K\r\n\r\n", MalformedResponseException.class,
                        "reason phrase has a control character"),
                bad("status line too long", "HTTP/1.1 200 " + "x".repeat(10_000) + "\r\n\r\n",
                        LimitExceededException.class, "status line is longer than the limit of 8192"),
                bad("101 unasked", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
                        MalformedResponseException.class, "unexpected 101"),
                bad("endless 100s", "HTTP/1.1 100 Continue\r\n\r\n".repeat(17) + OK + "Content-Length: 0\r\n\r\n",
                        MalformedResponseException.class, "more than 16 interim"),
                // header fields
                bad("header without colon", OK + "Content-Length 5\r\n\r\nhello", MalformedResponseException.class,
                        "no colon"),
                bad("empty header name", OK + ": x\r\n\r\n", MalformedResponseException.class, "field name is empty"),
                bad("space before colon", OK + "Content-Length : 5\r\n\r\nhello", MalformedResponseException.class,
                        "illegal character in the field name"),
                bad("obsolete line folding", OK + "X-A: a\r\n  folded\r\n\r\n", MalformedResponseException.class,
                        "obsolete line folding"),
                bad("control char in value", OK + "X-A: a\u0001b\r\n\r\n", MalformedResponseException.class,
                        "control character in the field value"),
                bad("header line too long", OK + "X-A: " + "a".repeat(9000) + "\r\n\r\n",
                        LimitExceededException.class, "header line is longer than the limit of 8192"),
                bad("too many headers", OK + "X-A: a\r\n".repeat(101) + "\r\n", LimitExceededException.class,
                        "more header fields than the limit of 100"),
                bad("headers too large", OK + ("X-A: " + "a".repeat(8000) + "\r\n").repeat(9) + "\r\n",
                        LimitExceededException.class, "headers are larger than the limit of 65536"),
                bad("head truncated", OK + "Content-Length: 5\r\n", MalformedResponseException.class,
                        "connection closed in the middle of the headers"),
                bad("status line truncated", "HTTP/1.1 20", MalformedResponseException.class,
                        "connection closed in the middle of the status line"),
                bad("no response at all", "", NoResponseException.class, "without a response to GET"),
                // lengths
                bad("non-numeric Content-Length", OK + "Content-Length: abc\r\n\r\n", MalformedResponseException.class,
                        "invalid Content-Length \"abc\": not a decimal number"),
                bad("negative Content-Length", OK + "Content-Length: -1\r\n\r\n", MalformedResponseException.class,
                        "invalid Content-Length \"-1\""),
                bad("huge Content-Length", OK + "Content-Length: 9999999999999999999\r\n\r\n",
                        MalformedResponseException.class, "at most 18 digits"),
                bad("conflicting Content-Length fields", OK + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
                        MalformedResponseException.class, "conflicting Content-Length values: 5, 6"),
                bad("conflicting Content-Length list", OK + "Content-Length: 5, 6\r\n\r\nhello",
                        MalformedResponseException.class, "conflicting Content-Length values: 5, 6"),
                bad("Content-Length and chunked", OK + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n", MalformedResponseException.class,
                        "both Transfer-Encoding and Content-Length"),
                bad("chunked not last", OK + "Transfer-Encoding: chunked, gzip\r\n\r\n",
                        MalformedResponseException.class, "chunked before another coding"),
                bad("body shorter than Content-Length", OK + "Content-Length: 100\r\n\r\n0123456789",
                        TruncatedBodyException.class, "Content-Length is 100 but the connection closed after 10 bytes"),
                bad("body longer than Content-Length", OK + "Content-Length: 5\r\n\r\nhello world",
                        MalformedResponseException.class, "more bytes than its Content-Length of 5"),
                // chunks
                bad("chunk size not hex", OK + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                        MalformedResponseException.class, "malformed chunk size line \"zz\": not a hex number"),
                bad("chunk size negative", OK + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
                        MalformedResponseException.class, "not a hex number"),
                bad("chunk size missing", OK + "Transfer-Encoding: chunked\r\n\r\n;ext=1\r\nhello\r\n0\r\n\r\n",
                        MalformedResponseException.class, "no hex digits"),
                bad("chunk size overflow", OK + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\nhello\r\n",
                        LimitExceededException.class, "is larger than the limit of 1073741824 bytes"),
                bad("chunk too large", OK + "Transfer-Encoding: chunked\r\n\r\n40000001\r\nhello\r\n",
                        LimitExceededException.class, "chunk size \"40000001\" is larger than the limit"),
                bad("chunk longer than its size", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n0\r\n\r\n",
                        MalformedResponseException.class, "chunk data is not followed by CRLF"),
                bad("chunk size line too long", OK + "Transfer-Encoding: chunked\r\n\r\n5;" + "e".repeat(9000)
                        + "\r\nhello\r\n0\r\n\r\n", LimitExceededException.class, "chunk size line is longer"),
                bad("chunked without last chunk", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                        TruncatedBodyException.class, "closed before the last (zero-size) chunk"),
                bad("chunk cut short", OK + "Transfer-Encoding: chunked\r\n\r\n10\r\nhello",
                        TruncatedBodyException.class, "11 bytes of a chunk still to come"),
                bad("malformed trailer", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nbad trailer\r\n\r\n",
                        MalformedResponseException.class, "malformed trailer line"),
                bad("trailers cut short", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n",
                        MalformedResponseException.class, "connection closed in the middle of the trailers"),
                bad("too many trailers", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
                        + "X-T: 1\r\n".repeat(101) + "\r\n", LimitExceededException.class,
                        "more trailer fields than the limit of 100"),
                bad("trailers too large", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
                        + ("X-T: " + "t".repeat(8000) + "\r\n").repeat(9) + "\r\n", LimitExceededException.class,
                        "trailers are larger than the limit of 65536"));
    }

    private static Arguments bad(String name, String response, Class<? extends IOException> type, String message) {
        return Arguments.of(name, response, type, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithAClearExceptionAndTheConnectionIsClosed(String name, String response,
            Class<? extends IOException> type, String message) throws Exception {
        // The server sends the bytes and, for the truncated cases, closes; otherwise it stays silent, so
        // that a client that waited for more would hang until its read timeout.
        boolean truncated = type == TruncatedBodyException.class || type == NoResponseException.class
                || message.contains("connection closed in the middle");
        try (ScriptedServer server = truncated ? ScriptedServer.answeringOnceThenClosing(response)
                : ScriptedServer.answeringOnceThenStalling(response);
                Transport transport = Transport.builder().readTimeout(Duration.ofSeconds(5)).build()) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> {
                try (Response r = transport.get(server.url("/x?token=s3cret"))) {
                    r.body().bytes();
                }
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(type, e.getClass(), () -> "got " + e);
            assertTrue(e.getMessage().contains(message), () -> "message: " + e.getMessage());
            // it names the request, without the query
            assertTrue(e.getMessage().contains("GET " + server.url("/x")), () -> "message: " + e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), () -> "message: " + e.getMessage());
            assertTrue(millis < 2_000, "took " + millis + " ms: it waited instead of failing");
            PoolStats s = transport.stats();
            assertEquals(0, s.idle(), "a connection that saw an error is never pooled");
            assertEquals(0, s.leased());
            assertEquals(s.opened(), s.closed());
        }
    }
}
