package dev.bodycheck.instrument.jetty;

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
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Jetty HttpClient 12. Every request, blocking or not, is sent by {@code HttpRequest.send(CompleteListener)}
 * on the application's thread: its stack is remembered by the request's conversation, which the requests
 * of its redirects share. A response with a payload is opened when its headers are complete, before any
 * listener hears of them ({@code ResponseListeners.notifyHeaders}); the body is the library's {@code HttpResponse}, which its exchange keeps reachable
 * until the response completes ({@code HttpExchange.responseComplete}: consumed when it succeeded, that is
 * when every chunk was demanded; closed when it failed or was aborted). A listener that never demands its
 * content holds the connection with no object of the application's to watch: {@code openWarn} reports it,
 * and so does a destination whose request queue is full ({@code pool-exhausted}).
 *
 * <p>{@code InputStreamResponseListener.getInputStream()} hands the application a wrapper of the stream,
 * which the listener itself keeps reachable: the wrapper is watched from then on, so a stream dropped
 * unread or unclosed is found leaked at its collection.
 *
 * <p>Jetty 12 is Java 17 bytecode; javac reads it under release 11, and only advice inlined into Jetty's own
 * classes names its types. Jetty 11 ({@code org.eclipse.jetty.client.HttpExchange}, another receiver) has
 * none of these classes: it is not tracked.
 */
public final class JettyHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "jetty";
    static final String TRANSPORT = "org.eclipse.jetty.client.transport.";
    static final String LISTENER = "org.eclipse.jetty.client.InputStreamResponseListener";

    /** Made when a class of the library is to be woven, by the name {@link JettyLibrary} gives. */
    JettyHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(TRANSPORT + "HttpRequest"), named("send").and(takesArguments(1)),
                        "send(Response.CompleteListener)", Ends.FailFast.class),
                Hook.of(types(TRANSPORT + "HttpRequest"), named("send").and(takesArguments(1)),
                        "send(Response.CompleteListener)", Send.class, "conversation"),
                Hook.of(types(TRANSPORT + "ResponseListeners"), named("notifyHeaders").and(takesArguments(1))
                        .and(takesArgument(0, "org.eclipse.jetty.client.Response")),
                        "notifyHeaders(Response)", Headers.class),
                Hook.of(types(TRANSPORT + "HttpExchange"), named("responseComplete").and(takesArguments(1)),
                        "responseComplete(Throwable)", Complete.class, "response"),
                Hook.of(types(TRANSPORT + "HttpDestination"), named("enqueue").and(takesArguments(2))
                        .and(takesArgument(1, TRANSPORT + "HttpExchange")),
                        "enqueue(Queue, HttpExchange)", Enqueue.class),
                Hook.of(types(LISTENER), named("getInputStream").and(takesArguments(0)), "getInputStream()",
                        GetInputStream.class, "response")};
    }

    /** On the application's thread: its stack, for the bodies of this request and of its redirects. */
    static final class Send {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("conversation") Object conversation) {
            Tracker.rememberFirstSite(conversation);
        }
    }

    /**
     * The headers are complete and no listener has heard of them yet: a response with a payload opens a body.
     * Not at {@code HttpReceiver.responseHeaders}: that queues the work on the receiver's serialized invoker,
     * which may still be running an earlier task on another thread, so that the status or the headers of the
     * response may not be set yet there; the listeners are notified from the invoker, in order.
     */
    static final class Headers {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object argument) {
            if (!(argument instanceof org.eclipse.jetty.client.transport.HttpResponse)) {
                return;
            }
            org.eclipse.jetty.client.transport.HttpResponse response =
                    (org.eclipse.jetty.client.transport.HttpResponse) argument;
            if (!(response.getRequest() instanceof org.eclipse.jetty.client.transport.HttpRequest)) {
                return;
            }
            org.eclipse.jetty.client.transport.HttpRequest request =
                    (org.eclipse.jetty.client.transport.HttpRequest) response.getRequest();
            int status = response.getStatus();
            if (status < 200 || status == 204 || status == 304 || "HEAD".equalsIgnoreCase(request.getMethod())
                    || response.getHeaders().getLongField(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH) == 0) {
                return; // no payload: nothing is held once the head is read
            }
            Tracker.open(response, ResponseFacts.of(ID, request.getMethod(), String.valueOf(request.getURI()), status),
                    request.getConversation(), null);
        }
    }

    /** The response ended: succeeded (every chunk was demanded), or failed, aborted, timed out. */
    static final class Complete {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Throwable failure, @Advice.Return boolean completed,
                @Advice.FieldValue("response") Object response) {
            if (completed) {
                Tracker.libraryEnded(response, failure == null);
            }
        }
    }

    /** "Max requests queued per destination ... exceeded": the request is refused, report the open bodies. */
    static final class Enqueue {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object destination, @Advice.Return boolean queued) {
            if (!queued) {
                org.eclipse.jetty.client.transport.HttpDestination d =
                        (org.eclipse.jetty.client.transport.HttpDestination) destination;
                Tracker.poolExhausted(ID, new StringBuilder().append("max requests queued per destination (")
                        .append(d.getHttpClient().getMaxRequestsQueuedPerDestination()).append(") exceeded for ")
                        .append(d.getScheme()).append("://").append(d.getHost()).append(':').append(d.getPort())
                        .append(" (max connections per destination ")
                        .append(d.getHttpClient().getMaxConnectionsPerDestination()).append(')').toString());
            }
        }
    }

    /** The application's stream: a wrapper that only it holds is tracked from now on. */
    static final class GetInputStream {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("response") Object response,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) java.io.InputStream stream) {
            stream = Tracker.handOver(response, stream);
        }
    }
}
