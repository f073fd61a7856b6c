package dev.bodycheck.instrument.apache5async;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isConstructor;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import dev.bodycheck.runtime.lib.apache5async.ReactiveConsumers;
import net.bytebuddy.asm.Advice;

/**
 * Apache HttpAsyncClient 5.5 and 5.6 ({@code CloseableHttpAsyncClient}, and the classic API over it,
 * {@code ClassicToAsyncAdaptor}). Every request goes through {@code InternalAbstractHttpAsyncClient.doExecute}
 * on the application's thread, which hands the request and the exchange's callback to {@code executeImmediate}:
 * the request's facts and stack are remembered by that callback, the client's one {@code AsyncExecCallback},
 * which hears the final response, after redirects (its context is null under the classic adaptor, so the head
 * alone would not know its request). A response with a payload opens a body, the consumer, which the I/O
 * reactor keeps reachable while the exchange lasts; it ends when the callback hears that the exchange completed
 * (the consumer took the whole stream: consumed) or failed or was cancelled (closed). A consumer that stops
 * reading (its capacity never updated) holds the connection with no object of the application's to watch:
 * {@code openWarn} reports it, and so does a lease from the pool that timed out ({@code pool-exhausted}); 5.6
 * fails a lease waiting past its timeout only when the pool next changes (a connection returned or evicted;
 * measured: not at the timeout itself). The buffering consumers ({@code SimpleResponseConsumer},
 * {@code BasicResponseConsumer}) read every body to its end. A followed redirect's request tells the callback
 * its URL.
 *
 * <p>The classic adaptor's consumer ({@code ClassicToAsyncResponseConsumer}) buffers what arrives; on the
 * application's thread it builds the response, whose entity, held by the application only, reads an inner
 * stream of the consumer. That stream is made the consumer's alias, and the entity's content a wrapper of it
 * ({@link Tracker#handOverVia}): the wrapper is the body from then on, found leaked when it is collected. The
 * exchange's completion does not end it (the application may not have read the buffer); the stream's end tells
 * the tracker that the buffer holds the rest, so a dropped body read ahead whole is a leak that pinned nothing.
 *
 * <p>The callback and the lease's callback are anonymous classes whose numbers are those of 5.6 (5.1 numbers
 * them otherwise): a version with another shape is skipped whole. Advice is compiled against 5.1 and calls
 * only methods that 5.1 to 5.6 all have.
 */
public final class Apache5AsyncHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "apache5-async";
    static final String ASYNC = "org.apache.hc.client5.http.impl.async.";
    static final String CLIENT = ASYNC + "InternalAbstractHttpAsyncClient";
    /** The classic adaptor's consumer (httpcore5 5.4 with 5.6); a compile-time constant, as {@link #ID}. */
    static final String CLASSIC_CONSUMER = "org.apache.hc.core5.http.nio.support.classic.ClassicToAsyncResponseConsumer";
    /**
     * The same consumer as 5.5 has it, in the client's own jar (with httpcore5 5.3, the versions Spring Boot 3.5
     * manages): the same inner classes, constructors and fields.
     */
    static final String COMPAT_CONSUMER = "org.apache.hc.client5.http.impl.compat.ClassicToAsyncResponseConsumer";

    /** Made when a class of the library is to be woven, by the name {@link Apache5AsyncLibrary} gives. */
    Apache5AsyncHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(CLIENT), named("doExecute").and(takesArguments(6)),
                        "doExecute(HttpHost, AsyncRequestProducer, AsyncResponseConsumer, HandlerFactory, HttpContext, "
                                + "FutureCallback)", Ends.FailFast.class),
                Hook.of(types(CLIENT), named("executeImmediate").and(takesArguments(5)),
                        "executeImmediate(HttpRequest, AsyncEntityProducer, Scope, AsyncExecChain, AsyncExecCallback)",
                        Execute.class),
                Hook.of(types(CLIENT + "$2"), named("handleResponse").and(takesArguments(2)),
                        "handleResponse(HttpResponse, EntityDetails)", Response.class, "val$responseConsumer"),
                Hook.of(types(CLIENT + "$2"), named("completed").and(takesArguments(0)), "completed()",
                        Completed.class, "val$responseConsumer"),
                Hook.of(types(CLIENT + "$2"), named("failed").and(takesArguments(1)), "failed(Exception)",
                        Failed.class, "val$responseConsumer"),
                Hook.of(types(ASYNC + "InternalHttpAsyncExecRuntime$1"), named("failed").and(takesArguments(1)),
                        "failed(Exception)", LeaseFailed.class, "val$id"),
                Hook.of(types(ASYNC + "AsyncRedirectExec$1"), named("handleResponse").and(takesArguments(2)),
                        "handleResponse(HttpResponse, EntityDetails)", Redirected.class, "val$clientContext",
                        "val$request", "val$asyncExecCallback"),
                Hook.of(types(CLASSIC_CONSUMER + "$InternalInputStream", COMPAT_CONSUMER + "$InternalInputStream"), isConstructor().and(takesArguments(2)),
                        "InternalInputStream(ClassicToAsyncResponseConsumer, SharedInputBuffer)", ClassicStream.class,
                        "this$0"),
                Hook.of(types(CLASSIC_CONSUMER, COMPAT_CONSUMER), named("streamEnd").and(takesArguments(1)), "streamEnd(List)",
                        ClassicStreamEnd.class, "bufferRef"),
                Hook.of(types(CLASSIC_CONSUMER + "$IncomingHttpEntity", COMPAT_CONSUMER + "$IncomingHttpEntity"), isConstructor().and(takesArguments(2)),
                        "IncomingHttpEntity(InputStream, EntityDetails)", ClassicEntity.class)};
    }

    /**
     * Inside {@code doExecute}, on the application's thread: the request (its scheme and authority set) and its
     * stack, kept by the exchange's callback for the response's head.
     */
    static final class Execute {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object request, @Advice.Argument(4) Object callback) throws Exception {
            org.apache.hc.core5.http.HttpRequest r = (org.apache.hc.core5.http.HttpRequest) request;
            if (!"HEAD".equalsIgnoreCase(r.getMethod())) { // a HEAD response has no payload
                Tracker.rememberRequest(callback, ResponseFacts.of(ID, r.getMethod(), r.getUri().toString(), 0));
            }
        }
    }

    /** The final response's head: with a payload, its consumer is the body until the exchange ends. */
    static final class Response {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object callback, @Advice.Argument(0) Object head, @Advice.Argument(1) Object entity,
                @Advice.FieldValue("val$responseConsumer") Object consumer) {
            int status = ((org.apache.hc.core5.http.HttpResponse) head).getCode();
            if (entity != null && status >= 200 && status != 204 && status != 304
                    && ((org.apache.hc.core5.http.EntityDetails) entity).getContentLength() != 0) {
                if (Tracker.openRemembered(consumer, callback, status)) {
                    ReactiveConsumers.opened(consumer);
                }
            }
        }
    }

    /**
     * A response to a request that followed a redirect, on the I/O thread, before the client's callback hears
     * it: the response comes from this request's URL (the stack stays the first request's).
     */
    static final class Redirected {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("val$clientContext") Object context, @Advice.FieldValue("val$request")
                Object request, @Advice.FieldValue("val$asyncExecCallback") Object callback) throws Exception {
            org.apache.hc.client5.http.protocol.RedirectLocations followed =
                    ((org.apache.hc.client5.http.protocol.HttpClientContext) context).getRedirectLocations();
            if (followed != null && followed.size() > 0) {
                Tracker.rememberRedirect(callback, ((org.apache.hc.core5.http.HttpRequest) request).getUri().toString());
            }
        }
    }

    /**
     * The consumer took the whole stream and the connection went back to the pool. Not the end of a classic
     * adaptor's body: its consumer buffers what arrives, and the application's stream may still be unread.
     */
    static final class Completed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("val$responseConsumer") Object consumer) {
            if (consumer != null) {
                String type = consumer.getClass().getName();
                if (!CLASSIC_CONSUMER.equals(type) && !COMPAT_CONSUMER.equals(type)) {
                    Tracker.libraryEnded(consumer, true);
                }
            }
        }
    }

    /** The exchange failed or was cancelled: its connection is discarded. */
    static final class Failed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("val$responseConsumer") Object consumer) {
            Tracker.libraryEnded(consumer, false);
        }
    }

    /**
     * The classic adaptor's stream over its consumer's buffer, made on the application's thread when the
     * response's head has arrived: it stands for the consumer's body until the entity hands it over.
     */
    static final class ClassicStream {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object stream, @Advice.FieldValue("this$0") Object consumer) {
            Tracker.alias(stream, consumer);
        }
    }

    /**
     * The classic response's entity, which only the application holds: its content is a wrapper of the
     * adaptor's stream, tracked from now on (reads, EOF and close through it; dropped, it is found leaked).
     */
    static final class ClassicEntity {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) java.io.InputStream content) {
            content = Tracker.handOverVia(content, content);
        }
    }

    /**
     * The whole body is in the classic adaptor's buffer, and the exchange is about to give its connection back:
     * what the application has still to read is there (read ahead: a dropped body pinned nothing).
     */
    static final class ClassicStreamEnd {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object consumer,
                @Advice.FieldValue("bufferRef") java.util.concurrent.atomic.AtomicReference<?> buffer) {
            Tracker.sourceEnded(consumer, buffer.get());
        }
    }

    /** A lease from the pool failed: if it timed out, report the client's open bodies now. */
    static final class LeaseFailed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Exception failure, @Advice.FieldValue("val$id") String exchange) {
            if (failure instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
                    || failure instanceof java.util.concurrent.TimeoutException) {
                // no '+' on strings: inlined into Java 8 class files, which cannot hold invokedynamic
                Tracker.poolExhausted(ID, new StringBuilder().append("connection lease timed out for ")
                        .append(exchange).append(": \"").append(failure.getMessage()).append('"').toString());
            }
        }
    }
}
