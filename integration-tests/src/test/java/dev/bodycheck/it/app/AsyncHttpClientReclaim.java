package dev.bodycheck.it.app;

import dev.bodycheck.runtime.Tracker;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import org.asynchttpclient.handler.BodyDeferringAsyncHandler;
import org.asynchttpclient.handler.BodyDeferringAsyncHandler.BodyDeferringInputStream;

/**
 * {@code reclaim} on AsyncHttpClient's deferred body (compiled against 2.12, run on 2.12 and 3.0):
 * {@code AsyncHttpClientReclaim <base URL>}, the agent started with {@code reclaim=true}. A client with one connection
 * makes a deferred body of 256 KiB through a pipe of 16 KiB, as the library's documentation shows it, and drops the
 * stream unread: the handler's write waits for a reader that never comes, and the exchange holds its connection. A
 * collection finds the leak ({@code COLLECTED on 1}); the next request waits for a connection and is read whole
 * ({@code NEXT on 262144}). Then {@code reclaim} is switched off at run time and the same with a second such client
 * that does not wait for a connection: the next request is refused at once ({@code NEXT off refused ...}). The second
 * client's I/O thread stays blocked in the pipe: it is not closed, the program exits.
 */
public final class AsyncHttpClientReclaim {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        for (boolean reclaim : new boolean[] {true, false}) {
            Tracker.reclaim(reclaim);
            String phase = reclaim ? "on" : "off";
            AsyncHttpClient client = Dsl.asyncHttpClient(Dsl.config().setMaxConnectionsPerHost(1)
                    .setAcquireFreeChannelTimeout(reclaim ? 20_000 : 0));
            PipedInputStream pipe = new PipedInputStream(16 * 1024);
            BodyDeferringAsyncHandler handler = new BodyDeferringAsyncHandler(new PipedOutputStream(pipe));
            Future<Response> f = client.prepareGet(base + "/it/big-ahc-reclaim-" + phase).execute(handler);
            InputStream dropped;
            if (reclaim) {
                dropped = new BodyDeferringInputStream(f, handler, pipe); Mark.here("ahc-reclaim-on");
            } else {
                dropped = new BodyDeferringInputStream(f, handler, pipe); Mark.here("ahc-reclaim-off");
            }
            System.out.println("DROPPED " + phase + " " + handler.getResponse().getStatusCode());
            dropped = null;
            pipe = null;
            handler = null;
            f = null;
            System.out.println("COLLECTED " + phase + " " + Tracker.collect(5000));
            try {
                int length = client.prepareGet(base + "/it/big-ahc-next-" + phase).execute().get(20, TimeUnit.SECONDS).getResponseBodyAsBytes().length;
                System.out.println("NEXT " + phase + " " + length);
            } catch (ExecutionException e) {
                System.out.println("NEXT " + phase + " refused " + e.getCause().getMessage());
            }
            if (reclaim) {
                client.close();
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
