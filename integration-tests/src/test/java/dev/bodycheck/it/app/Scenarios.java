package dev.bodycheck.it.app;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The body patterns every client is tested with, written once. Run in a forked JVM as
 * {@code Scenarios <adapter class> <content-length base URL> <chunked base URL> [scenario...]}; each
 * scenario requests its own path, so the test can tell its reports apart. Leaked responses are
 * dropped when their scenario method returns; the agent finds them in its collection at exit.
 */
public final class Scenarios {
    /** The scenarios that must leak; all others must not. */
    public static final String[] LEAKS = {"drop", "partial", "chunked-drop", "missing-drop", "async-drop"};
    public static final String[] CLEAN = {
        "helper", "eof-no-close", "big-eof-no-close", "chunked-eof", "close-unread", "big-close-unread",
        "try-with-resources", "missing-helper"
    };

    private final ClientAdapter client;
    private final String fixed;
    private final String chunked;

    private Scenarios(ClientAdapter client, String fixed, String chunked) {
        this.client = client;
        this.fixed = fixed;
        this.chunked = chunked;
    }

    public static void main(String[] args) throws Exception {
        ClientAdapter adapter = (ClientAdapter) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Scenarios s = new Scenarios(adapter, args[1], args[2]);
        for (int i = 3; i < args.length; i++) {
            s.run(args[i]);
        }
        System.out.println("DONE");
        System.exit(0); // libraries' pool threads would keep the JVM up; the agent's exit hook still runs
    }

    private void run(String scenario) throws Exception {
        switch (scenario) {
            case "drop":
                client.get(fixed + "/it/drop?token=secret");
                break;
            case "partial":
                readExactly(client.stream(client.get(fixed + "/it/big-partial")), 10);
                break;
            case "chunked-drop":
                client.get(chunked + "/it/chunked-drop");
                break;
            case "missing-drop":
                client.get(fixed + "/it/missing-drop");
                break;
            case "async-drop": {
                CountDownLatch done = new CountDownLatch(1);
                if (!client.getAsync(fixed + "/it/async-drop", response -> done.countDown())) {
                    System.out.println("SKIP async-drop");
                    break;
                }
                if (!done.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no asynchronous response");
                }
                break;
            }
            case "helper":
                client.getWithHelper(fixed + "/it/helper");
                break;
            case "missing-helper":
                client.getWithHelper(fixed + "/it/missing-helper");
                break;
            case "eof-no-close":
                readToEof(client.stream(client.get(fixed + "/it/eof-no-close")));
                break;
            case "big-eof-no-close":
                readToEof(client.stream(client.get(fixed + "/it/big-eof-no-close")));
                break;
            case "chunked-eof":
                readToEof(client.stream(client.get(chunked + "/it/chunked-eof")));
                break;
            case "close-unread":
                client.close(client.get(fixed + "/it/close-unread"));
                break;
            case "big-close-unread":
                client.close(client.get(fixed + "/it/big-close-unread"));
                break;
            case "try-with-resources": {
                Object response = client.get(fixed + "/it/big-try-with-resources");
                try (InputStream in = client.stream(response)) {
                    readExactly(in, 100);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("no scenario " + scenario);
        }
    }

    private static void readExactly(InputStream in, int n) throws Exception {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new IllegalStateException("EOF after " + off + " bytes");
            }
            off += r;
        }
    }

    private static long readToEof(InputStream in) throws Exception {
        byte[] buf = new byte[8192];
        long total = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            total += r;
        }
        return total;
    }
}
