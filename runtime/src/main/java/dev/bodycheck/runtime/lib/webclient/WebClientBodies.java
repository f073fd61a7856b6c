package dev.bodycheck.runtime.lib.webclient;

import dev.bodycheck.runtime.BodyRef;
import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.Tracker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Spring's {@code WebClient}: the body publisher ({@code Flux<DataBuffer>}) that a connector's
 * {@code ClientHttpResponse.getBody()} hands out is what the application holds ({@code ResponseEntity<Flux<T>>},
 * {@code bodyToFlux}, a {@code ClientResponse}), whereas the connector's own objects stay reachable from the
 * connection (Reactor Netty's response, whose termination Spring's connector watches) or from the I/O reactor
 * (Apache's consumer) while the body is open. So the first {@code getBody()} of a response whose body is tracked
 * gets that publisher with one more step, {@code doFinally}, and the body's record moves to it
 * ({@link Tracker#handOverTo}): dropped unsubscribed, it is found leaked at its collection like any body. Its
 * end is the subscription's: completed (consumed), failed or cancelled (closed, as {@code bodyToMono(Void.class)}
 * and a cancelled {@code Flux} do); the library's own end of the body still ends it too.
 *
 * <p>The step's callback holds the publisher, and the subscription holds the callback: a body whose subscriber is
 * alive (a server-sent-events stream being read) is reachable from the connection and is not taken for a leak.
 * Later {@code getBody()} calls of the same response (Spring's {@code releaseBody()} after the application's
 * function) are left as they are: the body has one reader, and it was handed to the first.
 *
 * <p>This class lives on the bootstrap class path, which cannot see Reactor: it calls {@code Flux.doFinally}
 * through reflection on the library's public class.
 */
public final class WebClientBodies {
    /** The responses whose body was handed out already (weak keys: Spring's responses keep identity equality). */
    private static final Map<Object, Boolean> HANDED = Collections.synchronizedMap(new WeakHashMap<Object, Boolean>());

    /**
     * {@code Flux.doFinally(Consumer)} and {@code Mono.onTerminateDetach()}, found from the first publisher each
     * (declared by those public classes, they serve every publisher of theirs): a field, not a {@code ClassValue},
     * because every runtime class is defined at start-up, and this one is not needed there.
     */
    private static volatile Method doFinally;
    private static volatile Method detach;
    /** Jetty's {@code ReactiveResponse.getResponse()}. */
    private static volatile Method jettyResponse;

    private WebClientBodies() {
    }

    /**
     * At the exit of a connector's {@code connect(..)}: the response's {@code Mono} with Reactor's
     * {@code onTerminateDetach()}. The connection (Reactor Netty's channel, through its pool acquire; Apache's
     * consumer, through its callback) holds the subscriber chain it delivers the response to while the body is
     * open, and down that chain the whole of what the application was given: the last subscriber keeps the value
     * ({@code Mono.block()}'s {@code ResponseEntity}, and the body in it). Detached once the response is delivered,
     * that chain is the application's alone, and a body it drops can be found.
     */
    public static Object detached(Object mono) {
        try {
            if (mono == null) {
                return null;
            }
            Method m = detach;
            if (m == null || !m.getDeclaringClass().isInstance(mono)) { // the first, or another loader's Reactor
                m = detach = publicMethod(mono.getClass(), "onTerminateDetach");
            }
            return m != null ? m.invoke(mono) : mono;
        } catch (Throwable t) {
            Problems.internalError(t);
            return mono;
        }
    }

    /** The method as a public class declares it (the library's operator classes are package-private). */
    private static Method publicMethod(Class<?> type, String name, Class<?>... parameters) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name, parameters);
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
        }
        return null;
    }

    /**
     * At the exit of {@code getBody()}: the publisher to return instead of {@code flux}, which is the tracked
     * body from now on; {@code flux} itself if {@code key} (the connector's body, or an alias of it) has no open
     * body or this response handed its body out already.
     */
    public static Object body(Object key, Object flux) {
        try {
            if (key == null || flux == null || !Tracker.isOpenVia(key) || HANDED.put(key, Boolean.TRUE) != null) {
                return flux;
            }
            Method m = doFinally;
            if (m == null || !m.getDeclaringClass().isInstance(flux)) { // the first, or another loader's Reactor
                m = doFinally = publicMethod(flux.getClass(), "doFinally", Consumer.class);
            }
            if (m == null) {
                return flux;
            }
            Ends ends = new Ends();
            Object tracked = m.invoke(flux, ends);
            ends.body = tracked;
            ends.handle = Tracker.handOverTo(key, tracked);
            return tracked;
        } catch (Throwable t) {
            Problems.internalError(t);
            return flux;
        }
    }

    /**
     * At the exit of a connector's response constructor: {@code response} stands for the open body that
     * {@code inner} (the library's publisher inside it) is an alias of.
     */
    public static void response(Object response, Object inner) {
        Tracker.aliasVia(response, inner);
    }

    /**
     * At the exit of the Jetty connector's response constructor: {@code response} stands for the open body, the
     * library's {@code HttpResponse} that Jetty's reactive response wraps.
     */
    public static void jettyResponse(Object response, Object reactiveResponse) {
        try {
            if (reactiveResponse == null) {
                return;
            }
            Method m = jettyResponse;
            if (m == null || !m.getDeclaringClass().isInstance(reactiveResponse)) {
                m = jettyResponse = publicMethod(reactiveResponse.getClass(), "getResponse");
            }
            if (m != null) {
                Tracker.alias(response, m.invoke(reactiveResponse));
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** The body's end as the subscription saw it: Reactor's {@code SignalType}. */
    private static final class Ends implements Consumer<Object> {
        /** Strong on purpose: a subscribed body is held by its subscription while the library delivers it. */
        Object body;
        volatile BodyRef handle;

        @Override
        public void accept(Object signal) {
            BodyRef h = handle;
            if (h == null) {
                return;
            }
            if (signal instanceof Enum && "ON_COMPLETE".equals(((Enum<?>) signal).name())) {
                h.consumed();
            } else {
                h.closed();
            }
        }
    }
}
