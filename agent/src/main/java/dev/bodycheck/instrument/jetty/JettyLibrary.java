package dev.bodycheck.instrument.jetty;

import dev.bodycheck.instrument.Library;

/**
 * The facts of Jetty HttpClient that the start-up reads (the client id, gates, frames, hooked types...; {@link
 * JettyHooks} says what the library is and how it is hooked). Its hooks are made, and {@link JettyHooks} and the
 * advice classes it names are loaded, only when a class of the library is to be woven rather than read back from
 * the store: the start-up loads none of them.
 */
public final class JettyLibrary {
    private JettyLibrary() {
    }

    public static Library library() {
        return Library.called(JettyHooks.ID).description("Jetty HttpClient 12")
                .gates("org/eclipse/jetty/client/transport/Http", "org/eclipse/jetty/client/transport/ResponseListeners",
                        "org/eclipse/jetty/client/InputStreamResponseListener")
                .frames("org.eclipse.jetty.")
                .entries(JettyHooks.TRANSPORT + "HttpRequest.send")
                .hooked("org.eclipse.jetty.client.transport.HttpRequest",
                        "org.eclipse.jetty.client.transport.ResponseListeners",
                        "org.eclipse.jetty.client.transport.HttpExchange",
                        "org.eclipse.jetty.client.transport.HttpDestination",
                        "org.eclipse.jetty.client.InputStreamResponseListener")
                .hooks("dev.bodycheck.instrument.jetty.JettyHooks");
    }
}
