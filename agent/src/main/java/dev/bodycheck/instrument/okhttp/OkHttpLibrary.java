package dev.bodycheck.instrument.okhttp;

import dev.bodycheck.instrument.Library;

/**
 * The facts of OkHttp that the start-up reads (the client id, gates, frames, hooked types...; {@link OkHttpHooks}
 * says what the library is and how it is hooked). Its hooks are made, and {@link OkHttpHooks} and the advice
 * classes it names are loaded, only when a class of the library is to be woven rather than read back from the
 * store: the start-up loads none of them.
 */
public final class OkHttpLibrary {
    private OkHttpLibrary() {
    }

    public static Library library() {
        return Library.called(OkHttpHooks.ID).description("OkHttp 3.14+, 4.x, 5.x")
                .gates("okhttp3/RealCall", "okhttp3/internal/connection/", "okhttp3/Cache",
                        "okhttp3/internal/http/BridgeInterceptor")
                .frames("okhttp3.", "okio.", "kotlin.")
                .holdRecord(OkHttpHooks.BODY_SOURCE)
                .entries("okhttp3.RealCall.execute", "okhttp3.RealCall.enqueue",
                        "okhttp3.internal.connection.RealCall.execute", "okhttp3.internal.connection.RealCall.enqueue")
                .unreadBytes(new BufferedBytes())
                .reclaim(new Exchanges())
                .hooked("okhttp3.RealCall", "okhttp3.internal.connection.RealCall",
                        "okhttp3.internal.connection.Exchange",
                        "okhttp3.internal.connection.Exchange$ResponseBodySource",
                        "okhttp3.internal.http.BridgeInterceptor", "okhttp3.Cache",
                        "okhttp3.Cache$CacheResponseBody$1")
                .hooks("dev.bodycheck.instrument.okhttp.OkHttpHooks");
    }
}
