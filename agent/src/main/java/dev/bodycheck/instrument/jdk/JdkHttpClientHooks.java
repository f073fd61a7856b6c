package dev.bodycheck.instrument.jdk;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isPrivate;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.instrument.Reclaim;
import dev.bodycheck.runtime.HttpClientBodies;
import dev.bodycheck.runtime.ResponseFacts;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code java.net.http.HttpClient} (JDK 11 to 25). {@code send}, both public {@code sendAsync}s and the
 * client facade all end in the private {@code HttpClientImpl.sendAsync(request, handler, pushHandler,
 * executor)}, on the application's thread. Its advice takes the request's facts and the application's
 * stack on the way in, and on the way out hands the future to {@link HttpClientBodies}, which tracks a
 * wrapper around each streaming body. Nothing inside the client is touched: its own body objects stay
 * reachable from its connection until the body is delivered, so they could never be found dropped.
 */
public final class JdkHttpClientHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the JDK holds the string itself. */
    static final String ID = "jdk";
    static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

    private JdkHttpClientHooks() {
    }

    public static Library library() {
        return Library.called(ID).description("java.net.http.HttpClient")
                .cannotTellPinned() // a small body may arrive whole with its head, the connection back unseen
                .gates("jdk/internal/net/http/HttpClientImpl")
                .frames("java.net.http.", "jdk.internal.net.http.")
                .reclaim(Reclaim.SUPPLIED) // the wrapper's clean-up closes the client's own stream
                .hooks(new JdkHttpClientHooks());
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(CLIENT), named("sendAsync").and(takesArguments(4)).and(isPrivate()),
                        "sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)", Ends.FailFast.class),
                Hook.of(types(CLIENT), named("sendAsync").and(takesArguments(4)).and(isPrivate()),
                        "sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)", SendAsync.class)};
    }

    static final class SendAsync {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request) {
            java.net.http.HttpRequest r = (java.net.http.HttpRequest) request;
            return HttpClientBodies.request(ResponseFacts.of(ID, r.method(), r.uri().toString(), 0));
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Enter Object request,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
            future = HttpClientBodies.track(future, request);
        }
    }
}
