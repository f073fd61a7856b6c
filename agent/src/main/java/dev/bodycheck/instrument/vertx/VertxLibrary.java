package dev.bodycheck.instrument.vertx;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Vert.x that the start-up reads (the client id, gates, frames, hooked types...; {@link VertxHooks}
 * says what the library is and how it is hooked). Its hooks are made, and {@link VertxHooks} and the advice
 * classes it names are loaded, only when a class of the library is to be woven rather than read back from the
 * store: the start-up loads none of them.
 */
public final class VertxLibrary {
    private VertxLibrary() {
    }

    public static Library library() {
        return Library.called(VertxHooks.ID).description("Vert.x 4.5, 5 core HttpClient")
                .cannotTellPinned() // a small body may be in the paused response's buffer whole, its connection back
                .gates("io/vertx/core/http/impl/HttpClientImpl", "io/vertx/core/http/impl/HttpClientRequestBase",
                        "io/vertx/core/http/impl/HttpClientResponseImpl")
                .frames("io.vertx.", "io.netty.")
                .entries(VertxHooks.IMPL + "HttpClientImpl.request")
                .reclaim(new Resets())
                .hooked("io.vertx.core.http.impl.HttpClientImpl", "io.vertx.core.http.impl.HttpClientRequestBase",
                        "io.vertx.core.http.impl.HttpClientResponseImpl")
                .hooks("dev.bodycheck.instrument.vertx.VertxHooks");
    }
}
