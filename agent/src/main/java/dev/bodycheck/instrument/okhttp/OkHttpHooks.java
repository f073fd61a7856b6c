package dev.bodycheck.instrument.okhttp;

import static dev.bodycheck.instrument.Hook.types;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * OkHttp 3.14, 4.x and 5.x. The tracked body is {@code Exchange$ResponseBodySource}, the source under
 * every {@code Response.body()} read from the network: it is the object through which OkHttp itself
 * learns that a body ended, in {@code complete(IOException)}, which it calls once at EOF (or when the
 * expected length is reached), on close, and on a read error. Only the application's response holds it,
 * so it becomes unreachable exactly when the application drops the response.
 *
 * <p>Its constructor knows neither the request nor the status, so {@code Exchange.openResponseBody}
 * prepares those facts on the thread, and the constructor opens the body with them. Calls made with
 * {@code enqueue} remember the application's stack, since their bodies are created on OkHttp's
 * dispatcher threads.
 */
public final class OkHttpHooks {
    /** A compile-time constant: advice inlined into OkHttp holds the string itself. */
    static final String ID = "okhttp";
    static final String EXCHANGE = "okhttp3.internal.connection.Exchange";
    static final String BODY_SOURCE = "okhttp3.internal.connection.Exchange$ResponseBodySource";

    private OkHttpHooks() {
    }

    public static Library library() {
        return Library.called(ID).description("OkHttp 3.x, 4.x, 5.x").marker("okhttp3/OkHttpClient.class")
                .gates("okhttp3/RealCall", "okhttp3/internal/connection/")
                .frames("okhttp3.", "okio.", "kotlin.")
                .entries("okhttp3.RealCall.execute", "okhttp3.RealCall.enqueue",
                        "okhttp3.internal.connection.RealCall.execute", "okhttp3.internal.connection.RealCall.enqueue")
                .hooks(
                Hook.of(types("okhttp3.RealCall", "okhttp3.internal.connection.RealCall"),
                        named("enqueue").and(takesArguments(1)), "enqueue(Callback)", Enqueue.class),
                Hook.of(types("okhttp3.RealCall", "okhttp3.internal.connection.RealCall"),
                        named("execute").and(takesArguments(0)), "execute()", Ends.FailFast.class),
                Hook.of(types(EXCHANGE), named("openResponseBody").and(takesArguments(1)),
                        "openResponseBody(Response)", OpenResponseBody.class, "call"),
                Hook.of(types(BODY_SOURCE), isConstructor(), "its constructor", Created.class),
                Hook.of(types(BODY_SOURCE), named("read").and(takesArguments(2)), "read(Buffer, long)",
                        Read.class),
                Hook.of(types(BODY_SOURCE), named("complete").and(takesArguments(1)), "complete(IOException)",
                        Complete.class, "completed", "closed"));
    }

    /** The application enqueues a call: remember its stack for the body created later on another thread. */
    static final class Enqueue {
        @Advice.OnMethodEnter // neither call throws, but failFastCheck on purpose
        static void enter(@Advice.This Object call) {
            Tracker.failFastCheck();
            Tracker.rememberSite(call);
        }
    }

    static final class OpenResponseBody {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object response, @Advice.FieldValue("call") Object call) {
            okhttp3.Response r = (okhttp3.Response) response;
            okhttp3.Request request = r.request();
            Tracker.prepare(ResponseFacts.of(ID, request.method(), request.url().toString(), r.code()), call);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            Tracker.clearPrepared();
        }
    }

    static final class Created {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object source) {
            Tracker.openPrepared(source);
        }
    }

    static final class Read {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object source, @Advice.Return long n) {
            if (n > 0) {
                Tracker.read(source, n);
            }
        }
    }

    /** OkHttp's own end of a body: at EOF it is consumed; on close before EOF, or on an error, closed. */
    static final class Complete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object source, @Advice.Argument(0) Object error,
                @Advice.FieldValue("completed") boolean completed, @Advice.FieldValue("closed") boolean closed) {
            if (!completed) {
                if (error == null && !closed) {
                    Tracker.consumed(source);
                } else {
                    Tracker.closed(source);
                }
            }
        }
    }
}
