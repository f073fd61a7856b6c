package dev.bodycheck.instrument.apache5async;

import static dev.bodycheck.instrument.Hook.types;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Apache HttpAsyncClient 5.6 ({@code CloseableHttpAsyncClient}, and the classic API over it,
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
 * {@code BasicResponseConsumer}) read every body to its end.
 *
 * <p>The callback and the lease's callback are anonymous classes whose numbers are those of 5.6 (5.1 numbers
 * them otherwise): a version with another shape is skipped whole. Advice is compiled against 5.1 and calls
 * only methods that 5.1 to 5.6 all have.
 */
public final class Apache5AsyncHooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "apache5-async";
    static final String ASYNC = "org.apache.hc.client5.http.impl.async.";
    static final String CLIENT = ASYNC + "InternalAbstractHttpAsyncClient";

    private Apache5AsyncHooks() {
    }

    public static Library library() {
        return Library.called(ID).description("Apache HttpAsyncClient 5.6")
                .marker("org/apache/hc/client5/http/impl/async/CloseableHttpAsyncClient.class")
                .gates("org/apache/hc/client5/http/impl/async/Internal")
                .frames("org.apache.hc.")
                .entries(CLIENT + ".doExecute")
                .hooks(
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
                        "failed(Exception)", LeaseFailed.class, "val$id"));
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
                Tracker.openRemembered(consumer, callback, status);
            }
        }
    }

    /** The consumer took the whole stream and the connection went back to the pool. */
    static final class Completed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("val$responseConsumer") Object consumer) {
            Tracker.libraryEnded(consumer, true);
        }
    }

    /** The exchange failed or was cancelled: its connection is discarded. */
    static final class Failed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("val$responseConsumer") Object consumer) {
            Tracker.libraryEnded(consumer, false);
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
