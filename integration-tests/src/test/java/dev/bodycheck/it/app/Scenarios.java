package dev.bodycheck.it.app;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The conformance matrix: the body patterns every client is tested with, written once. Run in a forked
 * JVM as {@code Scenarios <adapter class[,adapter class...]> <content-length base URL> <chunked base URL> <close-delimited
 * base URL> [scenario...]}; each scenario requests its own path, so the test can tell its reports apart.
 * Leaked responses are dropped when their scenario method returns; the agent finds them in its collection
 * at exit. Every leak has a correct twin that must not be reported.
 */
public final class Scenarios {
    /** The scenarios that must leak; all others must not. */
    public static final String[] LEAKS = {
        "drop", "partial", "small-partial", "chunked-drop", "closedelim-drop", "missing-drop", "error-drop",
        "gzip-drop", "gzip-partial", "redirect-drop", "async-drop", "other-thread-partial", "cached-drop"
    };
    public static final String[] CLEAN = {
        "helper", "eof-no-close", "big-eof-no-close", "chunked-eof", "closedelim-eof", "close-unread",
        "big-close-unread", "try-with-resources", "missing-helper", "missing-eof", "error-eof", "gzip-eof",
        "redirect-eof", "async-eof", "other-thread-eof", "status204-drop", "status204-close", "status304-drop",
        "head-drop", "head-close", "empty-drop", "empty-close", "cached-close", "cached-eof-close"
    };

    private final ClientAdapter client;
    private final String fixed;
    private final String chunked;
    private final String closeDelimited;

    private Scenarios(ClientAdapter client, String fixed, String chunked, String closeDelimited) {
        this.client = client;
        this.fixed = fixed;
        this.chunked = chunked;
        this.closeDelimited = closeDelimited;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("it.awaitReadAhead", "true"); // one thread: see Apache5AsyncAdapter
        for (String name : args[0].split(",")) { // each scenario, for each adapter in turn
            ClientAdapter adapter = (ClientAdapter) Class.forName(name).getDeclaredConstructor().newInstance();
            Scenarios s = new Scenarios(adapter, args[1], args[2], args[3]);
            for (int i = 4; i < args.length; i++) {
                s.run(args[i]);
            }
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
            case "small-partial": // well under every library's buffer: it may read the rest ahead
                readExactly(client.stream(client.get(fixed + "/it/small-partial")), 10);
                break;
            case "closedelim-drop":
                client.get(closeDelimited + "/it/closedelim-drop");
                break;
            case "closedelim-eof":
                readToEof(client.stream(client.get(closeDelimited + "/it/closedelim-eof")));
                break;
            case "error-drop":
                client.get(fixed + "/it/error-drop");
                break;
            case "error-eof":
                readToEof(client.stream(client.get(fixed + "/it/error-eof")));
                break;
            case "missing-eof":
                readToEof(client.stream(client.get(fixed + "/it/missing-eof")));
                break;
            case "gzip-drop":
                client.get(fixed + "/it/gzip-drop");
                break;
            case "gzip-partial": // 256 KiB that compress to a few hundred bytes: a small body on the wire
                readExactly(client.stream(client.get(fixed + "/it/gzip-partial")), 10);
                break;
            case "gzip-eof":
                readToEof(client.stream(client.get(fixed + "/it/gzip-eof")));
                break;
            case "redirect-drop": // the 302's own body is the library's; the final response is dropped
                client.get(fixed + "/it/redirect-drop");
                break;
            case "redirect-eof":
                readToEof(client.stream(client.get(fixed + "/it/redirect-eof")));
                break;
            case "other-thread-partial":
                onOtherThread(client.stream(client.get(fixed + "/it/big-other-thread-partial")), false);
                break;
            case "other-thread-eof":
                onOtherThread(client.stream(client.get(fixed + "/it/big-other-thread-eof")), true);
                break;
            case "cached-drop":
                cached(fixed + "/it/cached-drop");
                break;
            case "cached-close":
                client.close(cached(fixed + "/it/cached-close"));
                break;
            case "cached-eof-close": { // reading a cached body to its end closes nothing: close it
                Object response = cached(fixed + "/it/cached-eof-close");
                readToEof(client.stream(response));
                client.close(response);
                break;
            }
            case "status204-drop":
                client.get(fixed + "/it/status204-drop");
                break;
            case "status204-close":
                client.close(client.get(fixed + "/it/status204-close"));
                break;
            case "status304-drop":
                client.get(fixed + "/it/status304-drop");
                break;
            case "head-drop":
                client.head(fixed + "/it/head-drop");
                break;
            case "head-close":
                client.close(client.head(fixed + "/it/head-close"));
                break;
            case "empty-drop":
                client.get(fixed + "/it/empty-drop");
                break;
            case "empty-close":
                client.close(client.get(fixed + "/it/empty-close"));
                break;
            case "async-eof": {
                CountDownLatch done = new CountDownLatch(1);
                boolean async = client.getAsync(fixed + "/it/async-eof", response -> {
                    try {
                        readToEof(client.stream(response));
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                    done.countDown();
                });
                if (!async) {
                    System.out.println("SKIP async-eof");
                } else if (!done.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no asynchronous response");
                }
                break;
            }
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

    private Object cached(String url) throws Exception {
        Object response = client.getCached(url);
        if (response == null) {
            throw new IllegalStateException("no response cache");
        }
        return response;
    }

    /** Reads the body on another thread than the one that made the request: to EOF, or 10 bytes. */
    private static void onOtherThread(InputStream in, boolean toEof) throws Exception {
        Thread t = new Thread(() -> {
            try {
                if (toEof) {
                    readToEof(in);
                } else {
                    readExactly(in, 10);
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "reader");
        t.start();
        t.join();
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
