package dev.bodycheck.instrument.asynchttpclient;

import dev.bodycheck.instrument.Library;
import dev.bodycheck.instrument.Reclaim;

/**
 * The facts of AsyncHttpClient that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * AsyncHttpClientHooks} says what the library is and how it is hooked). Its hooks are made, and {@link
 * AsyncHttpClientHooks} and the advice classes it names are loaded, only when a class of the library is to be
 * woven rather than read back from the store: the start-up loads none of them.
 */
public final class AsyncHttpClientLibrary {
    private AsyncHttpClientLibrary() {
    }

    public static Library library() {
        return Library.called(AsyncHttpClientHooks.ID).description("AsyncHttpClient 2.12, 3.0 (deferred bodies)")
                .reclaim(Reclaim.SUPPLIED) // closes the application's stream (see DeferredBodies)
                .cannotTellPinned() // the body may already be written whole into the pipe, its connection back
                .gates("org/asynchttpclient/handler/BodyDeferringAsyncHandler$BodyDeferringInputStream")
                .frames("org.asynchttpclient.", "io.netty.")
                .hooked("org.asynchttpclient.handler.BodyDeferringAsyncHandler$BodyDeferringInputStream")
                .hooks("dev.bodycheck.instrument.asynchttpclient.AsyncHttpClientHooks");
    }
}
