package dev.bodycheck.it.app;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty as a new user writes it, run with {@code openWarn}: {@code ReactorNettyPatterns <base URL>
 * <hold millis>}. A response kept unread on a pool of one connection that allows no waiting (256 KiB: the
 * library cannot have received its end and given the connection back already), and the next
 * request, which the pool refuses; three responses whose receiver only looks at the status (the body never
 * read, the connection dropped); a big body read 10 bytes into, then held, stalled. Then it holds both kept
 * ones for a while and exits.
 */
public final class ReactorNettyPatterns {
    static final List<Object> KEPT = new ArrayList<>();
    private static final AtomicReference<Connection> LAST = new AtomicReference<>();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        HttpClient one = HttpClient.create(ConnectionProvider.builder("one").maxConnections(1).pendingAcquireMaxCount(0).build());
        one.get().uri(base + "/it/big-kept").responseConnection((res, conn) -> { LAST.set(conn); return Mono.just(res.status()); }).blockLast(); Mark.here("kept");
        KEPT.add(LAST.getAndSet(null));
        try {
            one.get().uri(base + "/it/refused").responseSingle((res, body) -> body.asString()).block();
            System.out.println("NOT REFUSED");
        } catch (RuntimeException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
        HttpClient client = HttpClient.create();
        for (int i = 0; i < 3; i++) {
            client.get().uri(base + "/it/dropped").responseConnection((res, conn) -> Mono.just(res.status())).blockLast(); Mark.here("dropped");
            System.gc(); // found now, long before openWarn
        }
        client.get().uri(base + "/it/big-stalled").responseConnection((res, conn) -> { LAST.set(conn); return Mono.just(res.status()); }).blockLast(); Mark.here("stalled");
        InputStream stalled = new ReactorNettyAdapter().stream(LAST.getAndSet(null));
        for (int n = 0; n < 10; n++) {
            stalled.read();
        }
        KEPT.add(stalled);
        Thread.sleep(Long.parseLong(args[1]));
        System.out.println("DONE");
        System.exit(0);
    }
}
