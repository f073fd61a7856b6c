package dev.bodycheck.instrument.okhttp;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isConstructor;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

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
 * <p>OkHttp reads ahead: the application's {@code BufferedSource} pulls up to 8 KiB at a time, so the
 * network source may reach its end (and OkHttp release the connection) while the application has read 10
 * bytes of it. That end is not the application's: the body stays open, with the buffer of what the
 * application has still to read ({@link Tracker#sourceEnded}). With transparent gzip the application reads
 * from the decoder's buffer, not the network's: {@code BridgeInterceptor} hands that buffer on. Dropped with bytes unread, it leaked
 * (pinning nothing this time); read to the last byte, it was consumed. A zero-length body is completed
 * by its constructor itself, before the constructor's advice runs: it is never opened.
 *
 * <p>Its constructor knows neither the request nor the status, so {@code Exchange.openResponseBody}
 * prepares those facts on the thread, and the constructor opens the body with them. Calls made with
 * {@code enqueue} remember the application's stack, since their bodies are created on OkHttp's
 * dispatcher threads.
 *
 * <p>A response served from OkHttp's {@code Cache} has no network source: its body, a
 * {@code Cache$CacheResponseBody}, holds an open snapshot of the cache's files until it is closed (reading
 * it to its end closes nothing). It is tracked from {@code Cache.get} and ends when its source is closed.
 */
public final class OkHttpHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into OkHttp holds the string itself. */
    static final String ID = "okhttp";
    static final String EXCHANGE = "okhttp3.internal.connection.Exchange";
    static final String BODY_SOURCE = "okhttp3.internal.connection.Exchange$ResponseBodySource";
    /** Decodes gzip transparently: the application then reads from the decoder's buffer. */
    static final String BRIDGE = "okhttp3.internal.http.BridgeInterceptor";
    /** The source of a cached body; closing it closes the cache snapshot. Its outer object is the body. */
    static final String CACHED_SOURCE = "okhttp3.Cache$CacheResponseBody$1";

    /** Made when a class of the library is to be woven, by the name {@link OkHttpLibrary} gives. */
    OkHttpHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types("okhttp3.RealCall", "okhttp3.internal.connection.RealCall"),
                        named("enqueue").and(takesArguments(1)), "enqueue(Callback)", Ends.FailFast.class),
                Hook.of(types("okhttp3.RealCall", "okhttp3.internal.connection.RealCall"),
                        named("enqueue").and(takesArguments(1)), "enqueue(Callback)", Enqueue.class),
                Hook.of(types("okhttp3.RealCall", "okhttp3.internal.connection.RealCall"),
                        named("execute").and(takesArguments(0)), "execute()", Ends.FailFast.class),
                Hook.of(types("okhttp3.RealCall", "okhttp3.internal.connection.RealCall"),
                        named("execute").and(takesArguments(0)), "execute()", Ends.Entry.class),
                Hook.of(types(EXCHANGE), named("openResponseBody").and(takesArguments(1)),
                        "openResponseBody(Response)", OpenResponseBody.class, "call"),
                Hook.of(types(BODY_SOURCE), isConstructor(), "its constructor", Created.class, "completed", "this$0"),
                Hook.of(types(BODY_SOURCE), named("read").and(takesArguments(2)), "read(Buffer, long)",
                        Read.class, "completed", "closed"),
                Hook.of(types(BODY_SOURCE), named("close").and(takesArguments(0)), "close()", Ends.Closed.class),
                Hook.of(types(BODY_SOURCE), named("complete").and(takesArguments(1)), "complete(IOException)",
                        Complete.class, "completed"),
                Hook.of(types(BRIDGE), named("intercept").and(takesArguments(1)), "intercept(Chain)", Bridge.class),
                // get in 3.x; an internal Kotlin function, get$okhttp, in 4.x and 5.x
                Hook.of(types("okhttp3.Cache"), named("get").or(named("get$okhttp")).and(takesArguments(1)),
                        "get(Request)", CacheGet.class),
                Hook.of(types(CACHED_SOURCE), named("close").and(takesArguments(0)), "close()", CacheClose.class,
                        "this$0")};
    }

    /** The application enqueues a call: remember its stack for the body created later on another thread. */
    static final class Enqueue {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object call) {
            okhttp3.Request request = ((okhttp3.Call) call).request();
            Tracker.rememberSite(call, ResponseFacts.of(ID, request.method(), request.url().toString(), 0));
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

    /**
     * A body completed by its constructor (zero length) holds nothing and is never opened. The exchange it
     * belongs to is its connection side ({@link Exchanges}).
     */
    static final class Created {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object source, @Advice.FieldValue("completed") boolean completed,
                @Advice.FieldValue("this$0") Object exchange) {
            if (completed) {
                Tracker.clearPrepared();
            } else {
                Tracker.openPrepared(source, Integer.MIN_VALUE, exchange);
            }
        }
    }

    /**
     * Counts the bytes; at the network's end, the application's end only if nothing it has to read is left
     * in its buffer ({@code sink}).
     */
    static final class Read {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object source, @Advice.Argument(0) Object sink, @Advice.Return long n,
                @Advice.FieldValue("completed") boolean completed, @Advice.FieldValue("closed") boolean closed) {
            if (n > 0) {
                Tracker.read(source, n);
            }
            if (completed && !closed) {
                Tracker.sourceEnded(source, sink);
            }
        }
    }

    /**
     * The response leaves OkHttp's network layers: the buffer the application will read from goes with the
     * body opened last on this thread (the same as the network's, unless a decoder stands between).
     */
    static final class Bridge {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Tracker.handingOn();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object response) {
            okhttp3.ResponseBody body = response != null ? ((okhttp3.Response) response).body() : null;
            if (body != null) {
                Tracker.readThrough(body.source().buffer());
            } else {
                Tracker.handingOn();
            }
        }
    }

    /** A response from the cache: its body holds a snapshot of the cache's files. */
    static final class CacheGet {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object response) {
            if (response != null) {
                okhttp3.Response r = (okhttp3.Response) response;
                okhttp3.Request request = r.request();
                Tracker.open(r.body(), ResponseFacts.of(ID, request.method(), request.url().toString(), r.code()));
            }
        }
    }

    /** The cached body's source was closed: so was the body (its outer object). */
    static final class CacheClose {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("this$0") Object body) {
            Tracker.closed(body);
        }
    }

    /** A read error ends the body (closed); the network's end is left to {@link Read}, a close to close(). */
    static final class Complete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object source, @Advice.Argument(0) Object error,
                @Advice.FieldValue("completed") boolean completed) {
            if (!completed && error != null) {
                Tracker.closed(source);
            }
        }
    }
}
