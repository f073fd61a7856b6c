package dev.bodycheck.it.app;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityConsumer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.util.Timeout;

/**
 * The Apache HttpAsyncClient responses that the I/O reactor keeps reachable while they hold a connection, run
 * with {@code openWarn}: {@code Apache5AsyncPatterns <base URL>}; the agent's report file is the property
 * {@code it.report}. A streaming consumer that stops reading and a classic-adaptor response kept unread hold
 * their connections; their correct twins ({@code SimpleResponseConsumer}, {@code BasicResponseConsumer}) hold
 * nothing. On a pool of one connection per route, a lease waits for the held one past its timeout; 5.6 fails a
 * waiting lease only when the pool next changes, here when a request on another route returns its connection.
 */
public final class Apache5AsyncPatterns {
    /** A classic response kept unread to the end: a dropped one is found at a collection (the matrix). */
    static Object classicHeld;

    private Apache5AsyncPatterns() {
    }

    /** Takes the head and never gives the stream any capacity: the response never ends. */
    private static final class StopsReading extends AbstractBinResponseConsumer<Void> {
        final CountDownLatch head = new CountDownLatch(1);

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            head.countDown();
        }

        @Override
        protected int capacityIncrement() {
            return 0;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
        }

        @Override
        protected Void buildResult() {
            return null;
        }

        @Override
        public void releaseResources() {
        }
    }

    @SuppressWarnings("deprecation") // execute(request) is deprecated in 5.x, not gone, and still the common call
    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path report = Path.of(System.getProperty("it.report"));
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
        client.start();

        long sent = System.nanoTime();
        StopsReading stops = new StopsReading();
        SimpleRequestProducer held = SimpleRequestProducer.create(SimpleRequestBuilder.get(base + "/it/big-stops-reading").build());
        client.execute(held, stops, null); Mark.here("stops-reading");
        await(stops.head);
        CloseableHttpClient classic = (CloseableHttpClient) Class.forName(
                "org.apache.hc.client5.http.impl.compat.ClassicToAsyncAdaptor")
                .getConstructor(CloseableHttpAsyncClient.class, Timeout.class).newInstance(client, Timeout.ofSeconds(30));
        classicHeld = classic.execute(new HttpGet(base + "/it/big-classic-held")); Mark.here("classic-held");

        // the twins
        client.execute(SimpleRequestBuilder.get(base + "/it/simple").build(), null).get(10, TimeUnit.SECONDS);
        Future<Message<HttpResponse, byte[]>> basic = client.execute(
                SimpleRequestProducer.create(SimpleRequestBuilder.get(base + "/it/big-basic").build()),
                new BasicResponseConsumer<>(new BasicAsyncEntityConsumer()), null);
        basic.get(10, TimeUnit.SECONDS);

        waitFor(report, "\"event\":\"open-too-long\"", 2);
        System.out.println("WARNED after " + (System.nanoTime() - sent) / 1_000_000 + " ms");

        CloseableHttpAsyncClient small = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnPerRoute(1)
                        .setMaxConnTotal(2).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(500)).build())
                .build();
        small.start();
        StopsReading holder = new StopsReading();
        SimpleRequestProducer holding = SimpleRequestProducer.create(SimpleRequestBuilder.get(base + "/it/big-pool-holder").build());
        small.execute(holding, holder, null); Mark.here("pool-holder");
        await(holder.head); // it holds the route's one connection from now on
        Future<SimpleHttpResponse> waiting = small.execute(SimpleRequestBuilder.get(base + "/it/waits-for-lease").build(), null);
        waitFor(report, "/it/big-pool-holder", 1); // its open-too-long: the lease's 500 ms are over
        // the pool fails a waiting lease only when it changes: a request on another route returns its connection
        small.execute(SimpleRequestBuilder.get(base.replace("127.0.0.1", "localhost") + "/it/other-route").build(), null)
                .get(10, TimeUnit.SECONDS);
        try {
            waiting.get(10, TimeUnit.SECONDS);
            System.out.println("NO TIMEOUT");
        } catch (ExecutionException e) {
            System.out.println("LEASE FAILED " + e.getCause().getClass().getSimpleName());
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no response");
        }
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
