package dev.bodycheck.instrument.reactornetty;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Reactor Netty that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * ReactorNettyHooks} says what the library is and how it is hooked). Its hooks are made, and {@link
 * ReactorNettyHooks} and the advice classes it names are loaded, only when a class of the library is to be woven
 * rather than read back from the store: the start-up loads none of them.
 */
public final class ReactorNettyLibrary {
    private ReactorNettyLibrary() {
    }

    public static Library library() {
        return Library.called(ReactorNettyHooks.ID).description("Reactor Netty 1.2, 1.3 HttpClient (and Spring WebClient on it)")
                .cannotTellPinned() // a small body may arrive whole with its head, the connection back unseen
                .gates("reactor/netty/http/client/HttpClientFinalizer", "reactor/netty/channel/FluxReceive",
                        "reactor/netty/internal/shaded/reactor/pool/PoolAcquire")
                .frames("reactor.netty.", "io.netty.")
                .entries(ReactorNettyHooks.FINALIZER + ".responseConnection")
                .hooked("reactor.netty.http.client.HttpClientFinalizer", "reactor.netty.channel.FluxReceive",
                        "reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException",
                        "reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException")
                .hooks("dev.bodycheck.instrument.reactornetty.ReactorNettyHooks");
    }
}
