package dev.bodycheck.it.app;

import dev.bodycheck.runtime.Tracker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load with {@code reclaim=true}: threads share one client, each request one of a fixed mix: one in ten
 * dropped unread, one in ten peeked at (10 bytes) and dropped, two in ten closed unread, the rest read whole
 * and compared byte for byte with what the server sends. The collector finds the leaks while the other
 * threads' exchanges run, on the same pool: a clean-up that closed a connection under a live exchange would
 * fail it or cut its body short. {@code ReclaimLoad <base URL> <server port> <threads> <requests per thread>
 * <adapter>}; {@code apache4} and {@code apache5} are clients with a lease timeout, so that a pool held by
 * leaks waits, and heals, instead of hanging. Prints the counts it expects and, after a last collection,
 * the sockets left to the server ({@link SocketCensus}).
 */
public final class ReclaimLoad {
    private static final byte[] EXPECTED = "a".repeat(4096).getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        ClientAdapter client = adapter(args[4]);
        SocketCensus start = SocketCensus.take(port);
        long t0 = System.nanoTime();
        AtomicLong leaked = new AtomicLong();
        AtomicLong closed = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong wrongBodies = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                byte[] peek = new byte[10];
                for (int i = 0; i < perThread; i++) {
                    try {
                        switch (i % 10) {
                            case 0:
                                client.get(base + "/it/load-leak");
                                leaked.incrementAndGet();
                                break;
                            case 1:
                                client.stream(client.get(base + "/it/load-peek")).read(peek);
                                leaked.incrementAndGet();
                                break;
                            case 2:
                            case 3:
                                client.close(client.get(base + "/it/load-close"));
                                closed.incrementAndGet();
                                break;
                            default:
                                Object response = client.get(base + "/it/load-read");
                                byte[] body;
                                try (InputStream in = client.stream(response)) {
                                    body = in.readAllBytes();
                                }
                                client.close(response);
                                consumed.incrementAndGet();
                                if (!Arrays.equals(EXPECTED, body)) {
                                    wrongBodies.incrementAndGet();
                                }
                        }
                    } catch (Exception e) {
                        if (failures.incrementAndGet() == 1) {
                            e.printStackTrace();
                        }
                    }
                }
            }, "load-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("EXPECT leaked=" + leaked + " closed=" + closed + " consumed=" + consumed + " failures="
                + failures + " wrongBodies=" + wrongBodies);
        System.out.println("TOOK " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        Tracker.collect(5000);
        SocketCensus end = SocketCensus.when(port, c -> c.closeWait() == 0, 2000);
        System.out.println("SOCKETS start open=" + start.open() + " closeWait=" + start.closeWait() + " fds=" + start.fds()
                + "; end open=" + end.open() + " closeWait=" + end.closeWait() + " fds=" + end.fds());
        System.exit(0);
    }

    private static ClientAdapter adapter(String name) throws ReflectiveOperationException {
        switch (name) {
            case "apache4":
                return new Apache4Leasing();
            case "apache5":
                return new Apache5Leasing();
            default:
                return (ClientAdapter) Class.forName(name).getDeclaredConstructor().newInstance();
        }
    }

    /** Apache 4 with a pool of 50 per route and 1 s to wait for a connection. */
    static final class Apache4Leasing implements ClientAdapter {
        private final org.apache.http.impl.client.CloseableHttpClient client =
                org.apache.http.impl.client.HttpClients.custom().setMaxConnPerRoute(50).setMaxConnTotal(50)
                        .disableContentCompression()
                        .setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom()
                                .setConnectionRequestTimeout(1000).build())
                        .build();

        @Override
        public Object get(String url) throws Exception {
            return client.execute(new org.apache.http.client.methods.HttpGet(url));
        }

        @Override
        public Object head(String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream stream(Object response) throws Exception {
            return ((org.apache.http.client.methods.CloseableHttpResponse) response).getEntity().getContent();
        }

        @Override
        public void close(Object response) throws Exception {
            ((org.apache.http.client.methods.CloseableHttpResponse) response).close();
        }

        @Override
        public String getWithHelper(String url) {
            throw new UnsupportedOperationException();
        }
    }

    /** Apache 5 with a pool of 50 per route and 1 s to wait for a connection. */
    @SuppressWarnings("deprecation") // execute(request): deprecated in 5.x, not gone
    static final class Apache5Leasing implements ClientAdapter {
        private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                        .setConnectionManager(org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder
                                .create().setMaxConnPerRoute(50).setMaxConnTotal(50).build())
                        .disableContentCompression()
                        .setDefaultRequestConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                                .setConnectionRequestTimeout(org.apache.hc.core5.util.Timeout.ofSeconds(1)).build())
                        .build();

        @Override
        public Object get(String url) throws Exception {
            return client.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url));
        }

        @Override
        public Object head(String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream stream(Object response) throws Exception {
            return ((org.apache.hc.client5.http.impl.classic.CloseableHttpResponse) response).getEntity().getContent();
        }

        @Override
        public void close(Object response) throws Exception {
            ((org.apache.hc.client5.http.impl.classic.CloseableHttpResponse) response).close();
        }

        @Override
        public String getWithHelper(String url) {
            throw new UnsupportedOperationException();
        }
    }
}
