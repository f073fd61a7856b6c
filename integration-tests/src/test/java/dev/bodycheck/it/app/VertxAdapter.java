package dev.bodycheck.it.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Vert.x's core {@code HttpClient} (compiled against 4.5, run on 4.5 and 5). A response is paused as it arrives (on
 * the event loop, before any of its body is delivered) and handed out unread, as an application that reads the body
 * later does. The stream reads it with a handler and an end handler after {@code resume()}: "read to EOF" is the
 * response's end; closing it, or the response, resets the request and waits until the library failed the response.
 * The helper is {@code body()}. Redirects are followed, gzip decoded; the pool holds more connections than the
 * cases leave paused (the default of 5 would queue the later requests behind the dropped ones).
 */
public final class VertxAdapter implements ClientAdapter {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = created(vertx);
    /** Where an asynchronous response is handed on: off the event loop, where a blocking read is not allowed. */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();

    private static HttpClient created(Vertx vertx) {
        try {
            // createHttpClient returns another type on 5 (HttpClientAgent, an HttpClient): called by name
            return (HttpClient) Vertx.class.getMethod("createHttpClient", HttpClientOptions.class, PoolOptions.class)
                    .invoke(vertx, new HttpClientOptions().setDecompressionSupported(true),
                            new PoolOptions().setHttp1MaxSize(64));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestOptions options(HttpMethod method, String url) {
        return new RequestOptions().setMethod(method).setAbsoluteURI(url).setFollowRedirects(true);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public Object get(String url) throws Exception {
        Future<HttpClientResponse> f = client.request(options(HttpMethod.GET, url)).compose(r -> r.send().map(HttpClientResponse::pause)); Mark.here("request");
        return await(f);
    }

    @Override
    public Object head(String url) throws Exception {
        return await(client.request(options(HttpMethod.HEAD, url)).compose(r -> r.send().map(HttpClientResponse::pause)));
    }

    @Override
    public InputStream stream(Object response) {
        return new BodyStream((HttpClientResponse) response);
    }

    /** Resets the request (the way to give up a response in Vert.x) and waits until its response ended or failed. */
    @Override
    public void close(Object response) throws Exception {
        HttpClientResponse r = (HttpClientResponse) response;
        Future<Void> end = r.end();
        // reset() returns boolean on 4.5 and a Future on 5: called by name
        HttpClientRequest.class.getMethod("reset").invoke(r.request());
        r.resume(); // a response that had ended on the wire before the reset ends now
        try {
            await(end);
        } catch (java.util.concurrent.ExecutionException failed) {
            // the reset failed it: closed
        }
    }

    /**
     * A GET whose pooled connection the other end had closed (a case before reset its request) fails before any
     * response with {@code HttpClosedException}: sent once more, as clients that retry an idempotent request on a
     * stale connection do (Vert.x does not).
     */
    @Override
    public String getWithHelper(String url) throws Exception {
        try {
            return await(client.request(options(HttpMethod.GET, url)).compose(r -> r.send().compose(HttpClientResponse::body))).toString();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!e.getCause().getClass().getName().equals("io.vertx.core.http.HttpClosedException")) {
                throw e;
            }
            return await(client.request(options(HttpMethod.GET, url)).compose(r -> r.send().compose(HttpClientResponse::body))).toString();
        }
    }

    @Override
    public boolean getAsync(String url, Consumer<Object> onResponse) {
        client.request(options(HttpMethod.GET, url)).compose(r -> r.send().map(HttpClientResponse::pause)).onSuccess(response -> callbacks.execute(() -> onResponse.accept(response))); Mark.here("async-request");
        return true;
    }

    /** A response's body as a stream: the handler queues each buffer, the end handler the end. */
    private static final class BodyStream extends InputStream {
        private static final Object END = new Object();
        private final HttpClientResponse response;
        private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean ended;

        BodyStream(HttpClientResponse response) {
            this.response = response;
            response.exceptionHandler(chunks::add);
            response.handler(b -> chunks.add(b.getBytes()));
            response.endHandler(v -> chunks.add(END));
            response.resume();
        }

        private boolean fill() throws IOException {
            while (!ended && pos == chunk.length) {
                Object next;
                try {
                    next = chunks.poll(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                if (next == null) {
                    throw new IOException("no body for 10 s");
                } else if (next == END) {
                    ended = true;
                } else if (next instanceof Throwable) {
                    throw new IOException((Throwable) next);
                } else {
                    chunk = (byte[]) next;
                    pos = 0;
                }
            }
            return !ended;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Before its end: resets the request, as {@link VertxAdapter#close} does. */
        @Override
        public void close() throws IOException {
            if (ended) {
                return;
            }
            try {
                HttpClientRequest.class.getMethod("reset").invoke(response.request());
                await(response.end());
            } catch (java.util.concurrent.ExecutionException failed) {
                // the reset failed it: closed
            } catch (IllegalStateException endedBeforeTheReset) {
                // the whole body had arrived and ended (its end still queued here): nothing is held
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
