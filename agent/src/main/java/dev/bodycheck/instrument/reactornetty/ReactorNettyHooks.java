package dev.bodycheck.instrument.reactornetty;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.isConstructor;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Ends;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.ReactorNettyResponses;
import dev.bodycheck.runtime.Tracker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Reactor Netty 1.2 and 1.3 {@code HttpClient} (and Spring's {@code WebClient} on it). Of its ways to read a
 * response, only {@code responseConnection(receiver)} leaves the body to the application (the others discard
 * what the application did not read when their publisher ends); its advice hands the receiver a tracked proxy
 * of the response ({@link ReactorNettyResponses}): the library's own response is reachable from the channel
 * while its body is open, so only an object the application alone holds can be found dropped.
 *
 * <p>The body's end is its inbound {@code FluxReceive}'s, keyed by the library's response (the proxy's alias):
 * the subscriber was given the end ({@code terminateReceiver}, the fast path of {@code onInboundComplete}, or
 * a subscription after the end in {@code startReceiver}) or the inbound was cancelled or disposed
 * ({@code cancelReceiver}, which the connection's {@code dispose()} reaches too). A pool that refuses an
 * acquire is seen where the library makes the two exceptions it fails the acquire with. No advice names a
 * class of the library: FluxReceive is package-private, and every field is read as an {@code Object}.
 */
public final class ReactorNettyHooks implements Library.Hooks {
    /** A compile-time constant: advice inlined into the library holds the string itself. */
    static final String ID = "reactor-netty";
    static final String FINALIZER = "reactor.netty.http.client.HttpClientFinalizer";
    static final String RECEIVE = "reactor.netty.channel.FluxReceive";
    static final String POOL = "reactor.netty.internal.shaded.reactor.pool.";

    /** Made when a class of the library is to be woven, by the name {@link ReactorNettyLibrary} gives. */
    ReactorNettyHooks() {
    }

    @Override
    public Hook[] all() {
        return new Hook[] {
                Hook.of(types(FINALIZER), named("responseConnection").and(takesArguments(1)),
                        "responseConnection(BiFunction)", Ends.FailFast.class),
                Hook.of(types(FINALIZER), named("responseConnection").and(takesArguments(1)),
                        "responseConnection(BiFunction)", ResponseConnection.class),
                Hook.of(types(RECEIVE), named("terminateReceiver").and(takesArguments(2)),
                        "terminateReceiver(Queue, CoreSubscriber)", Terminated.class, "parent", "inboundError"),
                Hook.of(types(RECEIVE), named("onInboundComplete").and(takesArguments(0)), "onInboundComplete()",
                        FastPathComplete.class, "parent", "inboundDone", "receiverFastpath", "receiver"),
                Hook.of(types(RECEIVE), named("startReceiver").and(takesArguments(1)),
                        "startReceiver(CoreSubscriber)", SubscribedAfterEnd.class, "parent", "inboundDone",
                        "receiverQueue", "inboundError"),
                Hook.of(types(RECEIVE), named("cancelReceiver").and(takesArguments(1)), "cancelReceiver(int)",
                        Cancelled.class, "parent"),
                Hook.of(types(POOL + "PoolAcquireTimeoutException"), isConstructor(),
                        "PoolAcquireTimeoutException(..)", PoolRefused.class),
                Hook.of(types(POOL + "PoolAcquirePendingLimitException"), isConstructor(),
                        "PoolAcquirePendingLimitException(..)", PoolRefused.class)};
    }

    /** On the thread that builds the request: the receiver gets the tracked proxy instead of the response. */
    static final class ResponseConnection {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                Object receiver) {
            receiver = ReactorNettyResponses.receiver(receiver, ID);
        }
    }

    /** The inbound's subscriber is given its end: completion (consumed) or the inbound's error (closed). */
    static final class Terminated {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("parent") Object response,
                @Advice.FieldValue("inboundError") Object error) {
            if (error == null) {
                Tracker.consumedVia(response);
            } else {
                Tracker.closedVia(response);
            }
        }
    }

    /** The fast path completes a subscriber that was handed every message as it came. */
    static final class FastPathComplete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("parent") Object response, @Advice.FieldValue("inboundDone") boolean done,
                @Advice.FieldValue("receiverFastpath") boolean fastPath, @Advice.FieldValue("receiver") Object receiver) {
            if (!done && fastPath && receiver != null) {
                Tracker.consumedVia(response);
            }
        }
    }

    /** Subscribed once the inbound had ended with nothing left queued: the subscriber is completed at once. */
    static final class SubscribedAfterEnd {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("parent") Object response, @Advice.FieldValue("inboundDone") boolean done,
                @Advice.FieldValue("receiverQueue") Object queue, @Advice.FieldValue("inboundError") Object error) {
            if (done && (queue == null || ((java.util.Queue<?>) queue).isEmpty())) {
                if (error == null) {
                    Tracker.consumedVia(response);
                } else {
                    Tracker.closedVia(response);
                }
            }
        }
    }

    /** The inbound was cancelled or disposed (also by the connection's dispose()). */
    static final class Cancelled {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("parent") Object response) {
            Tracker.closedVia(response);
        }
    }

    /** The pool refused an acquire (its pending queue is full, or the acquire timed out): report the bodies now. */
    static final class PoolRefused {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Throwable refusal) {
            // no '+' on strings: inlined into class files that may not use invokedynamic
            Tracker.poolExhausted(ID, new StringBuilder().append('"').append(refusal.getMessage()).append('"')
                    .toString());
        }
    }
}
