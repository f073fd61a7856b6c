package dev.bodycheck.it.frameworks;

import dev.bodycheck.it.app.Mark;
import java.time.Duration;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring's {@code WebClient} on Reactor Netty, with a pool of one connection and no waiting for it:
 * {@code WebClientApp <base URL> <case>...}; each case requests {@code /it/<case>} (the leak {@code /it/big-<case>}),
 * then the program waits for the event loops to finish what they were doing (the one that delivered the response
 * may still be returning from the call that handed it over, the response on its stack) and forces a collection.
 * A leak is found there, and still holds the one connection, so the next
 * case's request is refused by the pool: {@code pool-exhausted} names the leaking line among the leaked ones, and
 * the program prints {@code REFUSED <case>} (a correct case is never refused).
 */
public final class WebClientApp {
    public static void main(String[] args) throws Exception {
        ConnectionProvider pool = ConnectionProvider.builder("webclient-app").maxConnections(1)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofMillis(500)).build();
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build();
        for (int i = 1; i < args.length; i++) {
            try {
                run(client, args[0], args[i]);
                for (EventExecutor loop : HttpResources.get().onClient(true)) {
                    loop.submit(() -> { }).get();
                }
                System.gc();
            } catch (RuntimeException e) {
                System.out.println("REFUSED " + args[i] + " " + e.getMessage());
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }

    private static void run(WebClient client, String base, String c) {
        // a leaked body of 256 KiB: the library cannot have received its end, so it holds its connection (a small
        // one may arrive whole with its head, and then the library gives the connection back at once)
        String url = base + "/it/" + (c.endsWith("-unsubscribed") ? "big-" : "") + c;
        if (c.endsWith("-retrieve-mono")) {
            String s = client.get().uri(url).retrieve().bodyToMono(String.class).block(); Mark.here(c);
            System.out.println(c + " " + s.length());
        } else if (c.endsWith("-exchange-ignores-body")) {
            // the function never reads the body: exchangeToMono releases it
            Integer status = client.get().uri(url).exchangeToMono(r -> Mono.just(r.statusCode().value())).block(); Mark.here(c);
            System.out.println(c + " " + status);
        } else if (c.endsWith("-retrieve-flux")) {
            List<String> lines = client.get().uri(url).retrieve().bodyToFlux(String.class).collectList().block(); Mark.here(c);
            System.out.println(c + " " + lines.size());
        } else if (c.endsWith("-entity-flux-unsubscribed")) {
            // the entity's body is a Flux the caller must subscribe to; this one never is
            ResponseEntity<Flux<String>> entity = client.get().uri(url).retrieve().toEntityFlux(String.class).block(); Mark.here(c);
            System.out.println(c + " " + entity.getStatusCode().value());
        } else {
            throw new IllegalArgumentException(c);
        }
    }
}
