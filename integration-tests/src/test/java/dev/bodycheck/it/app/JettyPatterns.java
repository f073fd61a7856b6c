package dev.bodycheck.it.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;

/**
 * The Jetty responses that no object of the application's can tell apart from a body in use, run with
 * {@code openWarn}: {@code JettyPatterns <base URL>}; the agent's report file is the property {@code it.report}. A listener that never demands its
 * content and an {@code InputStreamResponseListener} whose stream is never taken hold their connections;
 * on a client of one connection and a queue of one, the third request is refused. Their correct twins
 * (a listener that demands, a stream read to its end, 20 requests in turn on the small client) hold nothing.
 */
public final class JettyPatterns {
    private JettyPatterns() {
    }

    /** Takes every chunk and never asks for the next: the response never ends. */
    private static final class NeverDemands implements Response.Listener {
        final java.util.concurrent.CountDownLatch headers = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void onHeaders(Response response) {
            headers.countDown();
        }

        @Override
        public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path report = Path.of(System.getProperty("it.report"));
        HttpClient client = new HttpClient();
        client.start();

        long sent = System.nanoTime();
        client.newRequest(base + "/it/never-demands").send(new NeverDemands()); Mark.here("never-demands");
        InputStreamResponseListener unread = new InputStreamResponseListener();
        client.newRequest(base + "/it/stream-never-taken").send(unread); Mark.here("stream-never-taken");
        unread.get(10, TimeUnit.SECONDS); // the status is all this caller wanted; the listener is dropped

        // the twins
        BufferingResponseListener demands = new BufferingResponseListener() {
            @Override
            public void onComplete(Result result) {
            }
        };
        client.newRequest(base + "/it/demands").send(demands);
        InputStreamResponseListener read = new InputStreamResponseListener();
        client.newRequest(base + "/it/stream-read").send(read);
        read.get(10, TimeUnit.SECONDS);
        try (java.io.InputStream in = read.getInputStream()) {
            in.readAllBytes();
        }

        waitFor(report, "\"event\":\"open-too-long\"", 2);
        System.out.println("WARNED after " + (System.nanoTime() - sent) / 1_000_000 + " ms");

        HttpClient small = new HttpClient();
        small.setMaxConnectionsPerDestination(1);
        small.setMaxRequestsQueuedPerDestination(1);
        small.start();
        for (int i = 0; i < 20; i++) {
            small.GET(base + "/it/in-turn");
        }
        NeverDemands holder = new NeverDemands();
        small.newRequest(base + "/it/queue-holder").send(holder); Mark.here("queue-holder");
        if (!holder.headers.await(10, TimeUnit.SECONDS)) { // it holds the one connection from now on
            throw new IllegalStateException("no response");
        }
        small.newRequest(base + "/it/queued").send(result -> { });
        try {
            small.newRequest(base + "/it/refused").send();
            System.out.println("NOT REFUSED");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RejectedExecutionException) {
                System.out.println("REFUSED " + e.getCause().getMessage());
            } else {
                throw e;
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }

    /** Waits (at most 20 s) until the report file has {@code count} lines with {@code text}. */
    private static void waitFor(Path report, String text, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(report) && Files.readAllLines(report).stream().filter(l -> l.contains(text)).count() >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + count + " lines with " + text + " in " + report);
    }
}
