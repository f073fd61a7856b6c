package dev.bodycheck.instrument.apache4;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Apache HttpClient 4.3.4 to 4.5 (the {@code CloseableHttpClient} API). The tracked body is the
 * {@code ResponseEntityProxy} that the client puts on every response that streams a body over a pooled
 * connection: it exists whether or not the application ever calls {@code getContent()}, every content
 * stream and entity wrapper points to it, and nothing in the pool points back, so it becomes unreachable
 * exactly when the application drops the response while its connection stays leased.
 *
 * <p>It is also the stream's EOF sensor ({@code EofSensorWatcher}): the client itself tells it about EOF,
 * close before EOF and a failed read. Closing the response ends its body first ({@code HttpResponseProxy}).
 * Paths that end the connection without touching the entity or the response ({@code releaseConnection()}/
 * {@code abort()} of the request) go through the {@code ConnectionHolder}, registered as the body's alias. Both
 * are woven at their load to hold the body's record in a field (no identity table, no alias table), and the
 * entity's ends pass its holder, so that the alias goes with the body. While every body gets a stack, it is taken
 * once at the application's call ({@code InternalHttpClient.doExecute}), above the exec chain.
 * The exec step that leases the connection knows the request and sees the pool's lease timeout, where the open bodies are reported at once. With
 * {@code reclaim}, the holder is the connection side a leaked body's clean-up releases
 * ({@link ConnectionHolders}), and a lease timeout first collects: if that gave connections back, the hop
 * runs again.
 */
public final class Apache4Hooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "apache4";
    static final String EXEC = "org.apache.http.impl.execchain.";
    static final String PROXY = EXEC + "ResponseEntityProxy";
    /** The body's alias: woven at its load, it holds the body's record, with no alias table. */
    static final String HOLDER = EXEC + "ConnectionHolder";
    /** The application's call: above the exec chain, where tests mode takes the stack. */
    static final String CLIENT = "org.apache.http.impl.client.InternalHttpClient";

    /** Made when a class of the library is to be woven, by the name {@link Apache4Library} gives. */
    Apache4Hooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(CLIENT), named("doExecute").and(takesArguments(3)),
                        "doExecute(HttpHost, HttpRequest, HttpContext)", Ends.Entry.class),
                Hook.of(types(EXEC + "MainClientExec"), named("execute").and(takesArguments(4)),
                        "execute(HttpRoute, HttpRequestWrapper, HttpClientContext, HttpExecutionAware)",
                        Ends.FailFast.class),
                Hook.of(types(EXEC + "MainClientExec"), named("execute").and(takesArguments(4)),
                        "execute(HttpRoute, HttpRequestWrapper, HttpClientContext, HttpExecutionAware)",
                        Exec.class, "connManager"),
                Hook.of(types(EXEC + "MinimalClientExec"), named("execute").and(takesArguments(4)),
                        "execute(HttpRoute, HttpRequestWrapper, HttpClientContext, HttpExecutionAware)",
                        Ends.FailFast.class),
                Hook.of(types(EXEC + "MinimalClientExec"), named("execute").and(takesArguments(4)),
                        "execute(HttpRoute, HttpRequestWrapper, HttpClientContext, HttpExecutionAware)",
                        Exec.class, "connManager"),
                Hook.of(types(PROXY), named("enchance").and(takesArguments(2)),
                        "enchance(HttpResponse, ConnectionHolder)", Enhance.class),
                Hook.of(types(PROXY), named("eofDetected").and(takesArguments(1)), "eofDetected(InputStream)",
                        Consumed.class, "connHolder"),
                Hook.of(types(PROXY), named("writeTo").and(takesArguments(1)), "writeTo(OutputStream)",
                        Consumed.class, "connHolder"),
                Hook.of(types(PROXY), named("streamClosed").and(takesArguments(1)), "streamClosed(InputStream)",
                        Closed.class, "connHolder"),
                Hook.of(types(PROXY), named("streamAbort").and(takesArguments(1)), "streamAbort(InputStream)",
                        Closed.class, "connHolder"),
                Hook.of(types(PROXY), named("consumeContent").and(takesArguments(0)), "consumeContent()",
                        Closed.class, "connHolder"),
                Hook.of(types(EXEC + "HttpResponseProxy"), named("close").and(takesArguments(0)), "close()",
                        ResponseClosed.class),
                Hook.of(types(HOLDER),
                        named("abortConnection").and(takesArguments(0)).or(named("close").and(takesArguments(0))),
                        "abortConnection() or close()", Ends.ClosedVia.class),
                Hook.of(types("org.apache.http.conn.EofSensorInputStream"), named("read").and(takesArguments(0)),
                        "read()", ReadOne.class, "eofWatcher"),
                Hook.of(types("org.apache.http.conn.EofSensorInputStream"), named("read").and(takesArguments(3)),
                        "read(byte[], int, int)", Read.class, "eofWatcher")};
    }

    /**
     * Once per hop (redirects and retries call it again): the request facts for the body created inside,
     * and, when the pool lease timed out, the bodies that hold the pool's connections.
     */
    static final class Exec {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object route, @Advice.Argument(1) Object request) {
            org.apache.http.client.methods.HttpRequestWrapper r =
                    (org.apache.http.client.methods.HttpRequestWrapper) request;
            java.net.URI uri = r.getURI();
            String url = uri.toString();
            if (!uri.isAbsolute()) { // the exec chain rewrites the URI to a path for direct routes
                url = ((org.apache.http.conn.routing.HttpRoute) route).getTargetHost().toURI().concat(url);
            }
            Tracker.prepare(ResponseFacts.of(ID, r.getMethod(), url, 0), null);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object exec, @Advice.Argument(0) Object route, @Advice.Argument(1) Object request,
                @Advice.Argument(2) Object context, @Advice.Argument(3) Object aware,
                @Advice.FieldValue("connManager") Object manager,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response,
                @Advice.Thrown(readOnly = false) Throwable thrown) {
            Tracker.clearPrepared();
            // a pool lease timed out; or the single-connection BasicHttpClientConnectionManager is still leased
            if (thrown instanceof org.apache.http.conn.ConnectionPoolTimeoutException
                    || thrown instanceof IllegalStateException && thrown.getMessage() != null
                            && thrown.getMessage().contains("still allocated")) {
                // no '+' on strings: inlined into Java 6 class files, which cannot hold invokedynamic
                StringBuilder detail = new StringBuilder().append('"').append(thrown.getMessage())
                        .append("\" for route ").append(route);
                if (manager instanceof org.apache.http.pool.ConnPoolControl) {
                    @SuppressWarnings("unchecked")
                    org.apache.http.pool.ConnPoolControl<Object> pool =
                            (org.apache.http.pool.ConnPoolControl<Object>) manager;
                    org.apache.http.pool.PoolStats s = pool.getStats(route);
                    detail.append(" (leased ").append(s.getLeased()).append(" of max ").append(s.getMax())
                            .append(" per route, ").append(s.getPending()).append(" waiting; whole pool: leased ")
                            .append(pool.getTotalStats().getLeased()).append(" of max ").append(pool.getMaxTotal())
                            .append(')');
                }
                // with reclaim: connections of leaked bodies given back; the lease failed before anything was
                // sent, so this hop runs again (once: a second exhaustion within the second collects nothing new)
                if (Tracker.poolExhausted(ID, detail.toString()) > 0) {
                    try {
                        response = ((org.apache.http.impl.execchain.ClientExecChain) exec).execute(
                                (org.apache.http.conn.routing.HttpRoute) route,
                                (org.apache.http.client.methods.HttpRequestWrapper) request,
                                (org.apache.http.client.protocol.HttpClientContext) context,
                                (org.apache.http.client.methods.HttpExecutionAware) aware);
                        thrown = null;
                    } catch (Throwable again) {
                        thrown = again;
                    }
                }
            }
        }
    }

    /** Every body is made here; the connection holder can end it too. */
    static final class Enhance {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object response, @Advice.Argument(1) Object holder) {
            org.apache.http.HttpResponse r = (org.apache.http.HttpResponse) response;
            Object entity = r.getEntity();
            if (holder != null && entity != null && entity.getClass().getName().equals(PROXY)
                    && Tracker.openPrepared(entity, r.getStatusLine().getStatusCode(), holder)) {
                Tracker.alias(holder, entity);
            }
        }
    }

    /** The entity saw its end: the body was consumed, and its connection holder is its alias no more. */
    static final class Consumed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object entity, @Advice.FieldValue("connHolder") Object holder) {
            Tracker.consumed(entity, holder);
        }
    }

    /** The entity was closed, aborted or released: the body ends, and its connection holder is its alias no more. */
    static final class Closed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object entity, @Advice.FieldValue("connHolder") Object holder) {
            Tracker.closed(entity, holder);
        }
    }

    /**
     * The application closes the response: its body is closed here, while the response still holds it. Inside
     * {@code close()} the response is dead once it has read its holder, so a collection there could find the
     * body unreachable, and report it leaked, before the holder's {@code close()} ends it through the alias.
     */
    static final class ResponseClosed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object response) {
            Tracker.closed(((org.apache.http.HttpResponse) response).getEntity());
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
