package dev.bodycheck.instrument.urlconnection;

import dev.bodycheck.instrument.Library;

/**
 * The facts of HttpURLConnection that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * UrlConnectionHooks} says what the library is and how it is hooked). Its hooks are made, and {@link
 * UrlConnectionHooks} and the advice classes it names are loaded, only when a class of the library is to be woven
 * rather than read back from the store: the start-up loads none of them.
 */
public final class UrlConnectionLibrary {
    private UrlConnectionLibrary() {
    }

    public static Library library() {
        return Library.called(UrlConnectionHooks.ID).description("java.net.HttpURLConnection")
                .gates("sun/net/www/protocol/http/HttpURLConnection$HttpInputStream")
                .frames("sun.net.www.", "java.net.", "javax.net.ssl.", "jdk.internal.")
                .reclaim(new UnderlyingStream())
                .hooked("sun.net.www.protocol.http.HttpURLConnection$HttpInputStream")
                .hooks("dev.bodycheck.instrument.urlconnection.UrlConnectionHooks");
    }
}
