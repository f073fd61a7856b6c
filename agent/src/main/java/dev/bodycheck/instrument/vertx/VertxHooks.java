package dev.bodycheck.instrument.vertx;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.Tracker;
import dev.bodycheck.runtime.lib.vertx.VertxResponses;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Vert.x 4.5 and 5 core {@code HttpClient}. The request is made on the application's thread
 * ({@code HttpClientImpl.request(RequestOptions)}, which every other {@code request} reaches), where its site is
 * remembered; the response reaches the application through the future of {@code HttpClientRequestBase.response()}
 * ({@code send()} returns it), which is mapped to a tracked proxy ({@link VertxResponses}): the library's response
 * is held by its stream until the body ends. The body ends where the library's response does: {@code handleEnd} (consumed) or
 * {@code handleException} (closed: a reset, a closed connection, a failure). With {@code reclaim}, a leaked
 * response's request is reset ({@link Resets}).
 */
public final class VertxHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "vertx";
    static final String IMPL = "io.vertx.core.http.impl.";

    /** Made when a class of the library is to be woven, by the name {@link VertxLibrary} gives. */
    VertxHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(IMPL + "HttpClientImpl"), named("request").and(takesArguments(1)),
                        "request(RequestOptions)", Ends.FailFast.class),
                Hook.of(types(IMPL + "HttpClientImpl"), named("request").and(takesArguments(1)),
                        "request(RequestOptions)", Request.class),
                Hook.of(types(IMPL + "HttpClientRequestBase"), named("response").and(takesArguments(0)),
                        "response()", Response.class),
                Hook.of(types(IMPL + "HttpClientResponseImpl"), named("handleEnd").and(takesArguments(1)),
                        "handleEnd(MultiMap)", End.class),
                Hook.of(types(IMPL + "HttpClientResponseImpl"), named("handleException").and(takesArguments(1)),
                        "handleException(Throwable)", Failed.class)};
    }

    /** On the application's thread: the request's future remembers the site, for the request it will bring. */
    static final class Request {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future) {
            VertxResponses.requested(future, ID);
        }
    }

    /** The future of the response that the application gets: it completes with a tracked proxy. */
    static final class Response {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object request,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
            future = VertxResponses.responseFuture(request, future, ID);
        }
    }

    /** The body was delivered to its end. */
    static final class End {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object response) {
            Tracker.consumedVia(response);
        }
    }

    /** The response failed: reset, connection closed. */
    static final class Failed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object response) {
            Tracker.closedVia(response);
        }
    }
}
