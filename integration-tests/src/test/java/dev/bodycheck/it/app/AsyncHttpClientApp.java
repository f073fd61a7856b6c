package dev.bodycheck.it.app;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.Future;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import org.asynchttpclient.handler.BodyDeferringAsyncHandler;
import org.asynchttpclient.handler.BodyDeferringAsyncHandler.BodyDeferringInputStream;

/**
 * AsyncHttpClient's deferred body (compiled against 2.12, run on 2.12 and 3.0): {@code AsyncHttpClientApp <base
 * URL>}. Every body is 256 KiB, piped through a buffer that holds it whole (the handler writes on the I/O thread,
 * which a full pipe would block). The stream made and dropped unread is the leak; its twins read it to its end, or
 * close it unread once the response has ended. After each case the program forces a collection. The status of the
 * leak is 0: the stream is made before the response's head arrives.
 */
public final class AsyncHttpClientApp {
    private static final int WHOLE = 512 * 1024;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        try (AsyncHttpClient client = Dsl.asyncHttpClient()) {
            PipedInputStream pipe = new PipedInputStream(WHOLE);
            BodyDeferringAsyncHandler handler = new BodyDeferringAsyncHandler(new PipedOutputStream(pipe));
            Future<Response> f = client.prepareGet(base + "/it/big-ahc-deferred-dropped").execute(handler);
            InputStream dropped = new BodyDeferringInputStream(f, handler, pipe); Mark.here("ahc-deferred-dropped");
            System.out.println("ahc-deferred-dropped " + handler.getResponse().getStatusCode());
            f.get(); // the whole body is in the pipe: the connection is back, the stream unread
            dropped = null;
            pipe = null;
            System.gc();

            pipe = new PipedInputStream(WHOLE);
            handler = new BodyDeferringAsyncHandler(new PipedOutputStream(pipe));
            f = client.prepareGet(base + "/it/big-ahc-deferred-read").execute(handler);
            long n = 0;
            try (InputStream read = new BodyDeferringInputStream(f, handler, pipe)) { Mark.here("ahc-deferred-read");
                byte[] b = new byte[8192];
                for (int k; (k = read.read(b)) >= 0; ) {
                    n += k;
                }
            }
            System.out.println("ahc-deferred-read " + n);
            System.gc();

            pipe = new PipedInputStream(WHOLE);
            handler = new BodyDeferringAsyncHandler(new PipedOutputStream(pipe));
            f = client.prepareGet(base + "/it/big-ahc-deferred-closed").execute(handler);
            InputStream closed = new BodyDeferringInputStream(f, handler, pipe); Mark.here("ahc-deferred-closed");
            System.out.println("ahc-deferred-closed " + handler.getResponse().getStatusCode());
            f.get(); // the whole body in the pipe (closing the pipe before would fail the writing handler)
            closed.close(); // unread
            System.gc();
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
