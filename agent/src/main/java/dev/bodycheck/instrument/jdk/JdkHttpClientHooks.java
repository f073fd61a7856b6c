package dev.bodycheck.instrument.jdk;

import static dev.bodycheck.instrument.Call.RETURNED;
import static dev.bodycheck.instrument.Call.argument;

import dev.bodycheck.instrument.Call;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.HttpClientBodies;
import dev.bodycheck.runtime.Tracker;

/**
 * {@code java.net.http.HttpClient} (JDK 11 to 25). The client facade ends in {@code HttpClientImpl}'s public
 * {@code send} and {@code sendAsync}s. Each return of {@code send} hands the response to {@link HttpClientBodies}
 * on the application's thread, which opens a wrapper around a streaming body there; each return of the public
 * {@code sendAsync(request, handler, pushHandler)} (the two-argument one calls it) hands the future, and the
 * request's facts and the application's stack are taken there (still below the application's call), the body
 * opened when the response arrives. Both end in the private {@code sendAsync(request, handler, pushHandler,
 * executor)}, whose entry has the fail-fast check. Nothing inside the client is touched: its own body objects stay
 * reachable from its connection until the body is delivered, so they could never be found dropped. The calls are
 * woven with plain ASM ({@link Call}): the class is each JDK build's, so none is shipped woven.
 */
public final class JdkHttpClientHooks implements Library.Hooks {
    static final String ID = "jdk";
    static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
    private static final String SEND_ASYNC = "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
            + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)";
    private static final String SEND_ASYNC_TEXT = "sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)";
    private static final String PUBLIC_SEND_ASYNC = "(Ljava/net/http/HttpRequest;"
            + "Ljava/net/http/HttpResponse$BodyHandler;Ljava/net/http/HttpResponse$PushPromiseHandler;)"
            + "Ljava/util/concurrent/CompletableFuture;";
    private static final String SEND = "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;)"
            + "Ljava/net/http/HttpResponse;";

    /** Made when a class of the library is to be woven, by the name {@link JdkHttpClientLibrary} gives. */
    JdkHttpClientHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.call(CLIENT, "sendAsync", SEND_ASYNC, SEND_ASYNC_TEXT,
                        Call.failFastCheck(Tracker.class, "failFastCheck")),
                Hook.call(CLIENT, "sendAsync", PUBLIC_SEND_ASYNC,
                        "sendAsync(HttpRequest, BodyHandler, PushPromiseHandler)",
                        Call.beforeReturn(HttpClientBodies.class, "track", RETURNED, argument(0))),
                Hook.call(CLIENT, "send", SEND, "send(HttpRequest, BodyHandler)",
                        Call.beforeReturn(HttpClientBodies.class, "sent", RETURNED, argument(0)))};
    }
}
