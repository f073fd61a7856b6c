package dev.bodycheck.it.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vert.x's core {@code HttpClient} (compiled against 4.5, run on 4.5 and 5): {@code VertxApp <base URL>}. Every body
 * is 256 KiB. A response paused as it arrives (on the event loop, before any of its body is delivered) and then
 * dropped unread is the leak; its twins read the body with {@code body()}, with a handler until {@code end()}, or
 * pause it and reset the request; a redirect the library follows is read with {@code body()}. After each case the program forces a collection.
 */
public final class VertxApp {
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Vertx vertx = Vertx.vertx();
        // createHttpClient() returns another type on 5 (HttpClientAgent): called by name, as on either
        HttpClient client = (HttpClient) Vertx.class.getMethod("createHttpClient").invoke(vertx);
        int port = base.getPort();
        String host = base.getHost();

        HttpClientResponse dropped = client.request(HttpMethod.GET, port, host, "/it/big-vertx-paused-dropped").compose(r -> r.send().map(VertxApp::paused)).toCompletionStage().toCompletableFuture().get(); Mark.here("vertx-paused-dropped");
        System.out.println("vertx-paused-dropped " + dropped.statusCode());
        dropped = null;
        System.gc();

        int length = client.request(HttpMethod.GET, port, host, "/it/big-vertx-body").compose(r -> r.send().compose(HttpClientResponse::body)).toCompletionStage().toCompletableFuture().get().length(); Mark.here("vertx-body");
        System.out.println("vertx-body " + length);
        System.gc();

        AtomicLong n = new AtomicLong();
        client.request(HttpMethod.GET, port, host, "/it/big-vertx-handler").compose(r -> r.send().compose(resp -> { resp.handler(b -> n.addAndGet(b.length())); return resp.end(); })).toCompletionStage().toCompletableFuture().get(); Mark.here("vertx-handler");
        System.out.println("vertx-handler " + n.get());
        System.gc();

        HttpClientResponse reset = client.request(HttpMethod.GET, port, host, "/it/big-vertx-paused-reset").compose(r -> r.send().map(VertxApp::paused)).toCompletionStage().toCompletableFuture().get(); Mark.here("vertx-paused-reset");
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        reset.exceptionHandler(failed::complete);
        // reset() returns boolean on 4.5 and a Future on 5: called by name
        HttpClientRequest.class.getMethod("reset").invoke(reset.request());
        failed.get(10, TimeUnit.SECONDS); // the library failed the response
        System.out.println("vertx-paused-reset " + reset.statusCode());
        reset = null;
        System.gc();

        // the leaked response's connection is closed with the client: Vert.x logs that it failed it
        // followed by the library: the second response reaches the first request's promise (on 5 through the
        // library's own response() of the next request), read with body()
        RequestOptions redirect = new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost(host)
                .setURI("/it/redirect-drop").setFollowRedirects(true);
        int redirected = client.request(redirect).compose(r -> r.send().compose(HttpClientResponse::body)).toCompletionStage().toCompletableFuture().get().length(); Mark.here("vertx-redirect-body");
        System.out.println("vertx-redirect-body " + redirected);
        System.gc();

        client.close().toCompletionStage().toCompletableFuture().get();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        System.out.println("DONE");
        System.exit(0);
    }

    private static HttpClientResponse paused(HttpClientResponse response) {
        return response.pause();
    }
}
