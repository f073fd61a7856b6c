package dev.bodycheck.it.app;

import dev.bodycheck.runtime.Tracker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code reclaim} on Vert.x's core {@code HttpClient} (compiled against 4.5, run on 4.5 and 5): {@code VertxReclaim
 * <base URL>}, the agent started with {@code reclaim=true}. A client whose pool has one connection drops a 256 KiB
 * response paused as it arrives; a collection finds the leak ({@code COLLECTED on 1}); the next request waits for
 * the pool and is read whole ({@code NEXT on 262144}). Then {@code reclaim} is switched off at run time and the same
 * with a second such client that allows no waiting for its pool: the leak is found, its connection stays held, and
 * the next request is refused at once ({@code NEXT off refused ConnectionPoolTooBusyException}).
 */
public final class VertxReclaim {
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Vertx vertx = Vertx.vertx();
        for (boolean reclaim : new boolean[] {true, false}) {
            Tracker.reclaim(reclaim);
            String phase = reclaim ? "on" : "off";
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(reclaim ? -1 : 0);
            // createHttpClient(..) returns another type on 5 (HttpClientAgent): called by name, as on either
            HttpClient client = (HttpClient) Vertx.class.getMethod("createHttpClient", HttpClientOptions.class,
                    PoolOptions.class).invoke(vertx, new HttpClientOptions(), pool);
            HttpClientResponse dropped;
            if (reclaim) {
                dropped = client.request(HttpMethod.GET, base.getPort(), base.getHost(), "/it/big-vertx-reclaim-on").compose(r -> r.send().map(HttpClientResponse::pause)).toCompletionStage().toCompletableFuture().get(); Mark.here("vertx-reclaim-on");
            } else {
                dropped = client.request(HttpMethod.GET, base.getPort(), base.getHost(), "/it/big-vertx-reclaim-off").compose(r -> r.send().map(HttpClientResponse::pause)).toCompletionStage().toCompletableFuture().get(); Mark.here("vertx-reclaim-off");
            }
            System.out.println("DROPPED " + phase + " " + dropped.statusCode());
            dropped = null;
            System.out.println("COLLECTED " + phase + " " + Tracker.collect(5000));
            try {
                int length = client.request(HttpMethod.GET, base.getPort(), base.getHost(), "/it/big-vertx-next-" + phase).compose(r -> r.send().compose(HttpClientResponse::body)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS).length();
                System.out.println("NEXT " + phase + " " + length);
            } catch (ExecutionException e) {
                System.out.println("NEXT " + phase + " refused " + e.getCause().getClass().getSimpleName());
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
