package dev.bodycheck.it.app;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import org.asynchttpclient.handler.BodyDeferringAsyncHandler;
import org.asynchttpclient.handler.BodyDeferringAsyncHandler.BodyDeferringInputStream;

/**
 * AsyncHttpClient's deferred body (compiled against 2.12, run on 2.12 and 3.0), the way the library's documentation
 * streams one: execute with a {@code BodyDeferringAsyncHandler} writing into a pipe, wait for the head with
 * {@code getResponse()}, then read the pipe through a {@code BodyDeferringInputStream}. The pipe holds a whole body
 * (the handler writes on the I/O thread, which a full pipe would block). Closing joins the exchange first, then
 * closes the stream (closing a pipe the handler still writes into fails the exchange). The helper is the buffering
 * {@code Response}, read whole by the library (untracked). Redirects are followed; a gzip body is decoded.
 */
public final class AsyncHttpClientAdapter implements ClientAdapter {
    private static final int WHOLE = 512 * 1024;
    private final AsyncHttpClient client = Dsl.asyncHttpClient(Dsl.config().setFollowRedirect(true));

    /** A deferred response as the application holds it: its exchange's future and the stream it made. */
    private static final class Deferred {
        final Future<Response> future;
        final InputStream in;

        Deferred(Future<Response> future, InputStream in) {
            this.future = future;
            this.in = in;
        }
    }

    @Override
    public Object get(String url) throws Exception {
        PipedInputStream pipe = new PipedInputStream(WHOLE);
        BodyDeferringAsyncHandler handler = new BodyDeferringAsyncHandler(new PipedOutputStream(pipe));
        Future<Response> f = client.prepareGet(url).execute(handler); handler.getResponse(); InputStream in = new BodyDeferringInputStream(f, handler, pipe); Mark.here("request");
        return new Deferred(f, in);
    }

    @Override
    public Object head(String url) throws Exception {
        PipedInputStream pipe = new PipedInputStream(WHOLE);
        BodyDeferringAsyncHandler handler = new BodyDeferringAsyncHandler(new PipedOutputStream(pipe));
        Future<Response> f = client.prepareHead(url).execute(handler);
        handler.getResponse();
        return new Deferred(f, new BodyDeferringInputStream(f, handler, pipe));
    }

    /** The deferred stream; closing it joins the exchange first (the whole body is then in the pipe). */
    @Override
    public InputStream stream(Object response) {
        Deferred d = (Deferred) response;
        return new FilterInputStream(d.in) {
            @Override
            public void close() throws IOException {
                try {
                    d.future.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IOException(e);
                }
                super.close();
            }
        };
    }

    @Override
    public void close(Object response) throws Exception {
        stream(response).close();
    }

    @Override
    public String getWithHelper(String url) throws Exception {
        return client.prepareGet(url).execute().get(10, TimeUnit.SECONDS).getResponseBody();
    }
}
