package dev.bodycheck.it.frameworks;

import com.sun.net.httpserver.HttpServer;
import dev.bodycheck.it.app.Mark;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.HttpComponentsClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring's {@code WebClient} on each connector, as applications write it: {@code WebClientConnectorsApp <base URL>
 * <connector>...} with {@code reactor}, {@code hc5}, {@code jetty}, {@code jdk}. Per connector, every body is 256 KiB
 * ({@code /it/big-<connector>-<case>}: the library cannot have received its end before the application reads); one
 * entity's {@code Flux} body is never subscribed and is dropped (the leak), the others are read, cancelled,
 * released, skipped with {@code bodyToMono(Void.class)}, subscribed after a collection, or a server-sent-events
 * stream whose live subscriber nobody else holds. With {@code reactor}, an {@code @HttpExchange} interface over
 * the same client, whose {@code ResponseEntity<Flux<DataBuffer>>} body is dropped too, and read in its twin. After
 * every case the program forces a collection: a leak is found there, or at the next one when the event loop that
 * delivered the response was still returning from that call (the response on its stack) at the first.
 */
public final class WebClientConnectorsApp {
    /** An interface client of the kind Spring 6 generates from annotations. */
    public interface Api {
        @GetExchange("/it/big-reactor-api-entity-flux-unsubscribed")
        Mono<ResponseEntity<Flux<DataBuffer>>> dropped();

        @GetExchange("/it/big-reactor-api-entity-flux-read")
        Mono<ResponseEntity<Flux<DataBuffer>>> read();
    }

    public static void main(String[] args) throws Exception {
        Events events = Events.start();
        for (int i = 1; i < args.length; i++) {
            String connector = args[i];
            CloseableHttpAsyncClient apache = null;
            ClientHttpConnector c;
            switch (connector) {
                case "reactor":
                    c = new ReactorClientHttpConnector();
                    break;
                case "hc5":
                    apache = HttpAsyncClients.createDefault();
                    apache.start();
                    c = new HttpComponentsClientHttpConnector(apache);
                    break;
                case "jetty":
                    c = new JettyClientHttpConnector();
                    break;
                case "jdk":
                    c = new JdkClientHttpConnector();
                    break;
                default:
                    throw new IllegalArgumentException(connector);
            }
            run(WebClient.builder().clientConnector(c).build(), args[0], connector, events);
            if (apache != null) {
                apache.close();
            }
        }
        events.stop();
        System.out.println("DONE");
        System.exit(0);
    }

    private static void run(WebClient client, String base, String connector, Events events) throws Exception {
        String p = base + "/it/big-" + connector + "-";
        String c = connector + "-entity-flux-unsubscribed";
        // the entity's body is a Flux the caller must subscribe to; this one never is
        ResponseEntity<Flux<String>> dropped = client.get().uri(p + "entity-flux-unsubscribed").retrieve().toEntityFlux(String.class).block(); Mark.here(c);
        System.out.println(c + " " + dropped.getStatusCode().value());
        dropped = null;
        System.gc();

        c = connector + "-entity-flux-read";
        ResponseEntity<Flux<String>> read = client.get().uri(p + "entity-flux-read").retrieve().toEntityFlux(String.class).block(); Mark.here(c);
        System.out.println(c + " " + read.getBody().map(String::length).reduce(0, Integer::sum).block());
        System.gc();

        c = connector + "-entity-flux-read-later";
        ResponseEntity<Flux<String>> later = client.get().uri(p + "entity-flux-read-later").retrieve().toEntityFlux(String.class).block(); Mark.here(c);
        System.gc(); // held by the program, not subscribed yet: open, not leaked
        System.out.println(c + " " + later.getBody().map(String::length).reduce(0, Integer::sum).block());
        System.gc();

        c = connector + "-entity-flux-cancelled";
        ResponseEntity<Flux<DataBuffer>> cancelled = client.get().uri(p + "entity-flux-cancelled").retrieve().toEntityFlux(DataBuffer.class).block(); Mark.here(c);
        System.out.println(c + " " + cancelled.getBody().take(1).map(b -> { int n = b.readableByteCount(); DataBufferUtils.release(b); return n; }).blockLast());
        System.gc();

        c = connector + "-release-body";
        Integer status = client.get().uri(p + "release-body").exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())).block(); Mark.here(c);
        System.out.println(c + " " + status);
        System.gc();

        c = connector + "-body-void";
        client.get().uri(p + "body-void").retrieve().bodyToMono(Void.class).block(); Mark.here(c);
        System.out.println(c + " done");
        System.gc();

        c = connector + "-exchange-ignores-body";
        status = client.get().uri(p + "exchange-ignores-body").exchangeToMono(r -> Mono.just(r.statusCode().value())).block(); Mark.here(c);
        System.out.println(c + " " + status);
        System.gc();

        c = connector + "-retrieve-flux";
        List<String> lines = client.get().uri(p + "retrieve-flux").retrieve().bodyToFlux(String.class).collectList().block(); Mark.here(c);
        System.out.println(c + " " + lines.size());
        System.gc();

        // a stream of events: the subscription is the only holder of the body, and it is alive
        c = connector + "-sse-live";
        CountDownLatch two = new CountDownLatch(2);
        CountDownLatch ended = new CountDownLatch(1);
        client.get().uri(events.url()).retrieve().bodyToFlux(String.class).subscribe(e -> two.countDown(), e -> ended.countDown(), ended::countDown); Mark.here(c);
        if (!two.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no events");
        }
        System.gc();
        System.gc();
        events.finish();
        if (!ended.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the stream did not end");
        }
        System.out.println(c + " ended");
        System.gc();

        if (connector.equals("reactor")) {
            Api api = HttpServiceProxyFactory.builderFor(WebClientAdapter.create(client.mutate().baseUrl(base).build()))
                    .build().createClient(Api.class);
            c = "reactor-api-entity-flux-unsubscribed";
            ResponseEntity<Flux<DataBuffer>> entity = api.dropped().block(); Mark.here(c);
            System.out.println(c + " " + entity.getStatusCode().value());
            entity = null;
            System.gc();
            c = "reactor-api-entity-flux-read";
            entity = api.read().block(); Mark.here(c);
            System.out.println(c + " " + entity.getBody().map(b -> { int n = b.readableByteCount(); DataBufferUtils.release(b); return n; }).reduce(0, Integer::sum).block());
            System.gc();
        }
    }

    /**
     * A server-sent-events endpoint on 127.0.0.1 of this program: each stream sends two events at once, then one
     * more and its end when {@link #finish} is called.
     */
    private static final class Events {
        private final HttpServer server;
        private volatile CountDownLatch finish = new CountDownLatch(1);

        private Events(HttpServer server) {
            this.server = server;
        }

        static Events start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Events events = new Events(server);
            server.createContext("/events", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("data: one\n\ndata: two\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    events.finish.await(20, TimeUnit.SECONDS);
                    out.write("data: three\n\n".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "events");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return events;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
        }

        void finish() {
            CountDownLatch f = finish;
            finish = new CountDownLatch(1);
            f.countDown();
        }

        void stop() {
            server.stop(0);
        }
    }
}
