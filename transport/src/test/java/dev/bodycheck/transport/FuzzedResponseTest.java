package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Whatever bytes a server sends, a call ends in a response whose body reads to its end, or in an
 * {@link IOException}: never another exception, never a wait past the call timeout, never a buffer past the
 * limits. A coverage-guided fuzz test (Jazzer): it starts from the valid responses in
 * {@code FuzzedResponseTestInputs/} (test resources) and mutates them, guided by the parser branches each
 * input reaches. Every input there also runs as a regression case in every build; an input that failed is
 * added there once fixed. The build fuzzes for {@value #DEFAULT_EXECUTIONS} executions (the surefire
 * configuration sets {@code JAZZER_FUZZ}); a longer run is documented in docs/transport.md.
 */
class FuzzedResponseTest {
    static final long DEFAULT_EXECUTIONS = 400;
    private static final long CALL_TIMEOUT_MILLIS = 1000;
    /** What a call may take past its call timeout here: a shared machine, scheduling, the stalled read's end. */
    private static final long SLACK_MILLIS = 500;

    private static ScriptedServer server;
    private static Transport transport;
    private static final Map<Integer, byte[]> CASES = new ConcurrentHashMap<>();
    private static final Map<Integer, Boolean> STALLS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final int[] OUTCOMES = new int[2]; // bodies read to their end, IOExceptions

    @BeforeAll
    static void start() throws IOException {
        server = new ScriptedServer(peer -> {
            String head = peer.readRequest();
            if (head == null) {
                return;
            }
            int i = Integer.parseInt(head.substring(head.indexOf("/f/") + 3, head.indexOf(" HTTP/")));
            peer.write(CASES.remove(i));
            if (STALLS.remove(i)) {
                peer.clientClosesWithin(5_000);
            }
        });
        transport = Transport.builder().readTimeout(Duration.ofMillis(300))
                .callTimeout(Duration.ofMillis(CALL_TIMEOUT_MILLIS))
                .limits(Limits.defaults().withMaxBufferedBody(1 << 20)).build();
    }

    @AfterAll
    static void stop() throws IOException {
        PoolStats s = transport.stats();
        transport.close();
        server.close();
        System.out.println("fuzz: " + (OUTCOMES[0] + OUTCOMES[1]) + " responses: " + OUTCOMES[0]
                + " bodies read to their end, " + OUTCOMES[1] + " IOExceptions");
        assertEquals(0, s.leased(), "every connection was given back");
        assertEquals(s.opened(), s.closed(), "and closed (every request said Connection: close)");
    }

    /**
     * One response from the server: the input's bytes after its first, which says whether the server then
     * stays silent (one case in ten) so that a client waiting for more meets its timeouts.
     */
    @FuzzTest(maxExecutions = DEFAULT_EXECUTIONS)
    // libFuzzer's dictionary syntax: CR LF is written \x0D\x0A
    @DictionaryEntries({"HTTP/1.1 ", "HTTP/1.0 ", "\\x0D\\x0A", "Content-Length: ", "Transfer-Encoding: chunked",
        "Connection: close", "0\\x0D\\x0A\\x0D\\x0A", "-1", "99999999999999999999", "FFFFFFFFFFFFFFFF", "100 Continue",
        "204", "304"})
    void everyResponseEndsInABodyOrAnIOExceptionWithinTheCallTimeout(FuzzedDataProvider data) throws Exception {
        // The one server this test talks to is its own, on the loopback address.
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
        boolean stall = data.consumeInt(0, 9) == 0;
        byte[] response = data.consumeRemainingAsBytes();
        int i = NEXT.getAndIncrement();
        CASES.put(i, response);
        STALLS.put(i, stall);
        Request request = Request.get(server.url("/f/" + i)).header("Connection", "close").build();
        long start = System.nanoTime();
        try (Response r = transport.execute(request)) {
            drain(r.body());
            OUTCOMES[0]++;
        } catch (IOException expected) {
            OUTCOMES[1]++;
        } finally {
            CASES.remove(i);
            STALLS.remove(i);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > CALL_TIMEOUT_MILLIS + SLACK_MILLIS) {
            fail("took " + millis + " ms for " + show(response));
        }
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buf = new byte[4096];
        while (body.read(buf) >= 0) {
            // reading to the end is the test
        }
    }

    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder().append(b.length).append(" bytes: \"");
        for (int i = 0; i < Math.min(b.length, 400); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 32 && c < 127 && c != '"' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append(b.length > 400 ? "...\"" : "\"").toString();
    }
}
