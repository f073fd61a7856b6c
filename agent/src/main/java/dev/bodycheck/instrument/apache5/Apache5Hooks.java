package dev.bodycheck.instrument.apache5;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArgument;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Apache HttpClient 5.1 to 5.6, classic API. The tracked body is the {@code ResponseEntityProxy} that
 * {@code ResponseEntityProxy.enhance} puts on every response that streams a body over a leased
 * connection. It is the content stream's EOF sensor, so the client itself tells it about EOF, close
 * before EOF and a failed read; {@code CloseableHttpResponse.close()} reaches its {@code close()}. The
 * paths that drop the connection without touching the entity ({@code close(CloseMode.IMMEDIATE)}, the
 * request's {@code cancel()}/{@code abort()}) end in {@code InternalExecRuntime}, the body's alias, whose
 * lease is also where a pool that ran dry is seen. With {@code reclaim}, that runtime is the connection side
 * a leaked body's clean-up discards ({@link ExecRuntimes}), and a lease timeout first collects: if that gave
 * connections back, the lease is tried again.
 *
 * <p>Advice is compiled against 5.1 and calls only methods that 5.1 to 5.6 all have. The async client
 * is not instrumented: its {@code SimpleHttpResponse} holds the whole body in memory and pins nothing.
 */
public final class Apache5Hooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "apache5";
    static final String CLASSIC = "org.apache.hc.client5.http.impl.classic.";
    static final String PROXY = CLASSIC + "ResponseEntityProxy";
    static final String EOF_SENSOR = "org.apache.hc.core5.http.io.EofSensorInputStream";
    /** The exec runtime, the body's alias: woven at its load, it holds the body's record, with no alias table. */
    static final String RUNTIME = CLASSIC + "InternalExecRuntime";

    /** Made when a class of the library is to be woven, by the name {@link Apache5Library} gives. */
    Apache5Hooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(CLASSIC + "ProtocolExec"), named("execute").and(takesArguments(3)),
                        "execute(ClassicHttpRequest, ExecChain.Scope, ExecChain)", Ends.FailFast.class),
                Hook.of(types(CLASSIC + "ProtocolExec"), named("execute").and(takesArguments(3)),
                        "execute(ClassicHttpRequest, ExecChain.Scope, ExecChain)", ProtocolExec.class),
                Hook.of(types(CLASSIC + "InternalHttpClient"), named("doExecute").and(takesArguments(3)),
                        "doExecute(HttpHost, ClassicHttpRequest, HttpContext)", Ends.Entry.class),
                Hook.of(types(CLASSIC + "MinimalHttpClient"), named("doExecute").and(takesArguments(3)),
                        "doExecute(HttpHost, ClassicHttpRequest, HttpContext)", Ends.FailFast.class),
                Hook.of(types(CLASSIC + "MinimalHttpClient"), named("doExecute").and(takesArguments(3)),
                        "doExecute(HttpHost, ClassicHttpRequest, HttpContext)", MinimalExecute.class),
                Hook.of(types(PROXY), named("enhance").and(takesArguments(2)),
                        "enhance(ClassicHttpResponse, ExecRuntime)", Enhance.class),
                Hook.of(types(PROXY), named("eofDetected").and(takesArguments(1)), "eofDetected(InputStream)",
                        Consumed.class, "execRuntime"),
                Hook.of(types(PROXY), named("writeTo").and(takesArguments(1)), "writeTo(OutputStream)",
                        Consumed.class, "execRuntime"),
                Hook.of(types(PROXY), named("streamClosed").and(takesArguments(1)), "streamClosed(InputStream)",
                        Closed.class, "execRuntime"),
                Hook.of(types(PROXY), named("streamAbort").and(takesArguments(1)), "streamAbort(InputStream)",
                        Closed.class, "execRuntime"),
                Hook.of(types(PROXY), named("close").and(takesArguments(0)), "close()", Closed.class,
                        "execRuntime"),
                Hook.of(types(RUNTIME), named("discardEndpoint").and(takesArguments(1))
                        .and(takesArgument(0, "org.apache.hc.client5.http.io.ConnectionEndpoint")),
                        "discardEndpoint(ConnectionEndpoint)", Ends.ClosedVia.class),
                Hook.of(types(RUNTIME), named("acquireEndpoint").and(takesArguments(4)),
                        "acquireEndpoint(String, HttpRoute, Object, HttpClientContext)", Acquire.class, "manager"),
                Hook.of(types(EOF_SENSOR), named("read").and(takesArguments(0)), "read()", ReadOne.class,
                        "eofWatcher"),
                Hook.of(types(EOF_SENSOR), named("read").and(takesArguments(3)), "read(byte[], int, int)",
                        Read.class, "eofWatcher")};
    }

    /** Once per hop (redirects and retries call it again): the request facts for the body created inside. */
    static final class ProtocolExec {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object scope) {
            org.apache.hc.core5.http.ClassicHttpRequest r = (org.apache.hc.core5.http.ClassicHttpRequest) request;
            String url = r.getRequestUri();
            if (url.startsWith("/")) {
                url = ((org.apache.hc.client5.http.classic.ExecChain.Scope) scope).route.getTargetHost().toURI()
                        .concat(url);
            }
            Tracker.prepare(ResponseFacts.of(ID, r.getMethod(), url, 0), null);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            Tracker.clearPrepared();
        }
    }

    /** {@code HttpClients.createMinimal()} has no exec chain: the request facts come from here. */
    static final class MinimalExecute {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object target, @Advice.Argument(1) Object request)
                throws Exception {
            org.apache.hc.core5.http.ClassicHttpRequest r = (org.apache.hc.core5.http.ClassicHttpRequest) request;
            String url = r.getRequestUri();
            if (url.startsWith("/")) {
                url = target != null ? ((org.apache.hc.core5.http.HttpHost) target).toURI().concat(url)
                        : r.getUri().toString();
            }
            Tracker.prepare(ResponseFacts.of(ID, r.getMethod(), url, 0), null);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            Tracker.clearPrepared();
        }
    }

    /** Every body is made here; the exec runtime that holds its connection can end it too. */
    static final class Enhance {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object response, @Advice.Argument(1) Object runtime) {
            org.apache.hc.core5.http.ClassicHttpResponse r = (org.apache.hc.core5.http.ClassicHttpResponse) response;
            Object entity = r.getEntity();
            if (runtime != null && entity != null && entity.getClass().getName().equals(PROXY)
                    && Tracker.openPrepared(entity, r.getCode(), runtime)) {
                Tracker.alias(runtime, entity);
            }
        }
    }

    /** The entity saw its end: the body was consumed, and its exec runtime is its alias no more. */
    static final class Consumed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object entity, @Advice.FieldValue("execRuntime") Object runtime) {
            Tracker.consumed(entity, runtime);
        }
    }

    /** The entity was closed or aborted: the body ends, and its exec runtime is its alias no more. */
    static final class Closed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object entity, @Advice.FieldValue("execRuntime") Object runtime) {
            Tracker.closed(entity, runtime);
        }
    }

    /** The lease from the pool timed out (or the single connection is still leased): report the bodies now. */
    static final class Acquire {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object runtime, @Advice.Argument(0) String id, @Advice.Argument(1) Object route,
                @Advice.Argument(2) Object state, @Advice.Argument(3) Object context,
                @Advice.FieldValue("manager") Object manager, @Advice.Thrown(readOnly = false) Throwable thrown) {
            // a pool lease timed out; or the single-connection BasicHttpClientConnectionManager is still leased
            // (a lease whose deadline passed while it waited: failed by the thread that released a connection)
            if (thrown instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
                    || thrown instanceof java.io.InterruptedIOException
                            && thrown.getCause() instanceof java.util.concurrent.TimeoutException
                    || thrown instanceof IllegalStateException && thrown.getMessage() != null
                            && thrown.getMessage().contains("still allocated")) {
                // no '+' on strings: inlined into Java 6 class files, which cannot hold invokedynamic
                StringBuilder detail = new StringBuilder().append('"').append(thrown.getMessage())
                        .append("\" for route ").append(route);
                if (manager instanceof org.apache.hc.core5.pool.ConnPoolControl) {
                    @SuppressWarnings("unchecked")
                    org.apache.hc.core5.pool.ConnPoolControl<Object> pool =
                            (org.apache.hc.core5.pool.ConnPoolControl<Object>) manager;
                    org.apache.hc.core5.pool.PoolStats s = pool.getStats(route);
                    detail.append(" (leased ").append(s.getLeased()).append(" of max ").append(s.getMax())
                            .append(" per route, ").append(s.getPending()).append(" waiting; whole pool: leased ")
                            .append(pool.getTotalStats().getLeased()).append(" of max ").append(pool.getMaxTotal())
                            .append(')');
                }
                // with reclaim: connections of leaked bodies given back, so the lease is tried again (once: a second
                // exhaustion within the second collects nothing new)
                if (Tracker.poolExhausted(ID, detail.toString()) > 0) {
                    try {
                        ((org.apache.hc.client5.http.classic.ExecRuntime) runtime).acquireEndpoint(id,
                                (org.apache.hc.client5.http.HttpRoute) route, state,
                                (org.apache.hc.client5.http.protocol.HttpClientContext) context);
                        thrown = null;
                    } catch (Throwable again) {
                        thrown = again;
                    }
                }
            }
        }
    }

    static final class ReadOne {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("eofWatcher") Object watcher, @Advice.Return int b) {
            if (b >= 0) {
                Tracker.read(watcher, 1);
            }
        }
    }

    /** Only read(byte[], int, int): read(byte[]) calls it, and counting both would count twice. */
    static final class Read {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("eofWatcher") Object watcher, @Advice.Return int n) {
            if (n > 0) {
                Tracker.read(watcher, n);
            }
        }
    }
}
