package dev.bodycheck.instrument.jdk;

import dev.bodycheck.instrument.Library;
import dev.bodycheck.instrument.Reclaim;

/**
 * The facts of the JDK's HttpClient that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * JdkHttpClientHooks} says what the library is and how it is hooked). Its hooks are made, and {@link
 * JdkHttpClientHooks} and the advice classes it names are loaded, only when a class of the library is to be woven
 * rather than read back from the store: the start-up loads none of them.
 */
public final class JdkHttpClientLibrary {
    private JdkHttpClientLibrary() {
    }

    public static Library library() {
        return Library.called(JdkHttpClientHooks.ID).description("java.net.http.HttpClient")
                .cannotTellPinned() // a small body may arrive whole with its head, the connection back unseen
                .gates("jdk/internal/net/http/HttpClientImpl")
                .frames("java.net.http.", "jdk.internal.net.http.")
                .reclaim(Reclaim.SUPPLIED) // the wrapper's clean-up closes the client's own stream
                .hooked("jdk.internal.net.http.HttpClientImpl")
                .hooks("dev.bodycheck.instrument.jdk.JdkHttpClientHooks");
    }
}
