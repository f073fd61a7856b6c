package dev.bodycheck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes a server sends, a call ends in a response whose body reads to its end, or in an
 * {@link IOException}: never another exception, never a wait past the call timeout, never a buffer past the
 * limits. The responses are valid ones, mutated (bytes flipped, inserted, deleted, repeated, cut, numbers
 * made extreme) or plain noise, from a seeded generator: a failure names its seed and case, and replays.
 * CI runs {@value #DEFAULT_ITERATIONS} cases; a longer run:
 * {@code mvn -pl transport -am test -Dtest=FuzzedResponseTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfuzz.iterations=20000 -Dfuzz.seed=7}.
 */
class FuzzedResponseTest {
    static final int DEFAULT_ITERATIONS = 400;
    private static final long CALL_TIMEOUT_MILLIS = 1000;
    /** What a call may take past its call timeout here: a shared machine, scheduling, the stalled read's end. */
    private static final long SLACK_MILLIS = 500;

    private static final String[] SEEDS = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 3\r\nX-A: a\r\nX-B: b\r\n\r\nerr",
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\n\r\n",
    };
    private static final String[] EXTREMES = {
        "0", "-1", "99999999999999999999", "2147483648", "FFFFFFFFFFFFFFFF", " ", "", "0x10", "1e3", "\u0000",
    };

    @Test
    void everyResponseEndsInABodyOrAnIOExceptionWithinTheCallTimeout() throws Exception {
        int iterations = Integer.getInteger("fuzz.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("fuzz.seed", 1);
        Random random = new Random(seed);
        List<byte[]> cases = new ArrayList<>();
        List<Boolean> stalls = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            cases.add(generate(random));
            stalls.add(random.nextInt(10) == 0); // mostly the server closes after its bytes; sometimes it stalls
        }
        int[] outcomes = new int[3]; // body read to its end, IOException, no IOException subtype but failure
        try (ScriptedServer server = new ScriptedServer(peer -> {
            String head = peer.readRequest();
            if (head == null) {
                return;
            }
            int i = Integer.parseInt(head.substring(head.indexOf("/f/") + 3, head.indexOf(" HTTP/")));
            peer.write(cases.get(i));
            if (stalls.get(i)) {
                peer.clientClosesWithin(5_000);
            }
        }); Transport transport = Transport.builder().readTimeout(Duration.ofMillis(300))
                .callTimeout(Duration.ofMillis(CALL_TIMEOUT_MILLIS))
                .limits(Limits.defaults().withMaxBufferedBody(1 << 20)).build()) {
            for (int i = 0; i < iterations; i++) {
                Request request = Request.get(server.url("/f/" + i)).header("Connection", "close").build();
                long start = System.nanoTime();
                try (Response r = transport.execute(request)) {
                    drain(r.body());
                    outcomes[0]++;
                } catch (IOException expected) {
                    outcomes[1]++;
                } catch (Throwable t) {
                    fail("seed " + seed + " case " + i + ": " + t + " for " + show(cases.get(i)), t);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (millis > CALL_TIMEOUT_MILLIS + SLACK_MILLIS) {
                    fail("seed " + seed + " case " + i + " took " + millis + " ms for " + show(cases.get(i)));
                }
            }
            PoolStats s = transport.stats();
            assertEquals(0, s.leased(), "every connection was given back");
            assertEquals(s.opened(), s.closed(), "and closed (every request said Connection: close)");
        }
        System.out.println("fuzz: seed " + seed + ", " + iterations + " responses: " + outcomes[0]
                + " bodies read to their end, " + outcomes[1] + " IOExceptions");
    }

    private static void drain(InputStream body) throws IOException {
        byte[] buf = new byte[4096];
        while (body.read(buf) >= 0) {
            // reading to the end is the test
        }
    }

    private static byte[] generate(Random random) {
        if (random.nextInt(8) == 0) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] b = SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1);
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
            b = mutate(b, random);
        }
        return b;
    }

    private static byte[] mutate(byte[] b, Random random) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(7)) {
            case 0: { // flip a byte
                byte[] c = b.clone();
                c[at] = (byte) random.nextInt(256);
                return c;
            }
            case 1: // insert a CR, LF, colon, space or random byte
                return splice(b, at, at, new byte[] {(byte) "\r\n: ;,\t".charAt(random.nextInt(7))});
            case 2: // delete a range
                return splice(b, at, Math.min(b.length, at + 1 + random.nextInt(8)), new byte[0]);
            case 3: { // repeat a range, up to a few KiB
                int end = Math.min(b.length, at + 1 + random.nextInt(40));
                byte[] part = Arrays.copyOfRange(b, at, end);
                int times = 1 + random.nextInt(100);
                byte[] many = new byte[part.length * times];
                for (int t = 0; t < times; t++) {
                    System.arraycopy(part, 0, many, t * part.length, part.length);
                }
                return splice(b, end, end, many);
            }
            case 4: // cut
                return Arrays.copyOf(b, at);
            case 5: { // a number made extreme: the digits at a random place replaced
                int start = at;
                while (start < b.length && !Character.isLetterOrDigit(b[start])) {
                    start++;
                }
                int end = start;
                while (end < b.length && Character.isLetterOrDigit(b[end])) {
                    end++;
                }
                return splice(b, start, end, EXTREMES[random.nextInt(EXTREMES.length)]
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            default: { // a long line
                byte[] longLine = new byte[1 + random.nextInt(20_000)];
                Arrays.fill(longLine, (byte) 'a');
                return splice(b, at, at, longLine);
            }
        }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] c = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(with, 0, c, from, with.length);
        System.arraycopy(b, to, c, from + with.length, b.length - to);
        return c;
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
