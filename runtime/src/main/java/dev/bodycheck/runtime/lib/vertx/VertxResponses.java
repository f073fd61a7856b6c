package dev.bodycheck.runtime.lib.vertx;

import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Vert.x 4.5 and 5 core {@code HttpClient}. Its response ({@code HttpClientResponseImpl}) is held by the
 * connection's stream until its body ends, so it could never be found dropped: the request's response future is
 * given a {@code java.lang.reflect.Proxy} of it instead, which only the application holds, and the proxy is the
 * tracked body (the library's response its alias, whose end, read to the end or failed or reset, ends it). The
 * request's own promise keeps the library's response (the library reads it back from there): the future that
 * {@code response()} and {@code send()} return is mapped to the proxy.
 *
 * <p>A response the application starts to read (a handler, {@code body()}, {@code end()}, a pipe, {@code resume},
 * {@code fetch}) is held from then on by the library: a listener of the response's end future keeps the proxy,
 * so that a body being read is never taken for a dropped one. A response only paused, or left alone, is not.
 *
 * <p>The request is made on the application's thread ({@code request(..)}), the request object later on the event
 * loop: the site is remembered for the request's future, and handed to the request when the future succeeds.
 *
 * <p>This class lives on the bootstrap class path, which cannot see Vert.x: it calls the library's public
 * interfaces through reflection.
 */
public final class VertxResponses {
    private static final String HANDLER = "io.vertx.core.Handler";

    /**
     * Whether {@code response()} was called by the library's redirect ({@code handleNextRequest}, Vert.x 5), two
     * frames up: the response then completes the first request's promise, which must keep the library's object.
     */
    private static final Function<java.util.stream.Stream<StackWalker.StackFrame>, Boolean> NEXT_REQUEST =
            new Function<java.util.stream.Stream<StackWalker.StackFrame>, Boolean>() {
                @Override
                public Boolean apply(java.util.stream.Stream<StackWalker.StackFrame> frames) {
                    java.util.Iterator<StackWalker.StackFrame> it = frames.skip(2).iterator();
                    return it.hasNext() && it.next().getMethodName().equals("handleNextRequest");
                }
            };

    private VertxResponses() {
    }

    /** At the exit of {@code HttpClientImpl.request(RequestOptions)}, on the application's thread. */
    public static void requested(Object future, String clientId) {
        try {
            if (future == null) {
                return;
            }
            Tracker.rememberSite(future);
            Method onSuccess = method(future.getClass(), "io.vertx.core.Future", "onSuccess", 1, HANDLER);
            if (onSuccess != null) {
                Class<?> handler = onSuccess.getParameterTypes()[0];
                onSuccess.invoke(future, Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                        new Link(Link.SITE, future, null)));
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }

    /** The proxy handed out for each request's response (weak both ways: only the application holds a proxy). */
    private static final Map<Object, WeakReference<Object>> HANDED =
            Collections.synchronizedMap(new WeakHashMap<Object, WeakReference<Object>>());

    /**
     * At the exit of {@code HttpClientRequestBase.response()} (which {@code send()} returns): the future the
     * application gets, mapped so that it completes with a tracked proxy of the response. The request's own
     * promise keeps the library's response, which the library reads back from it.
     */
    public static Object responseFuture(Object request, Object future, String clientId) {
        try {
            if (StackWalker.getInstance().walk(NEXT_REQUEST)) {
                return future; // Vert.x 5 following a redirect: the first request's promise takes this response
            }
            Method map = future != null ? method(future.getClass(), "io.vertx.core.Future", "map", 1,
                    "java.util.function.Function") : null;
            return map != null ? map.invoke(future, new Link(Link.TO_PROXY, request, clientId)) : future;
        } catch (Throwable t) {
            Problems.internalError(t);
            return future;
        }
    }

    /** A tracked proxy of {@code response} if it has a payload, else {@code response}. */
    private static Object response(Object request, Object response, String clientId) {
        try {
            if (request == null || response == null || Proxy.isProxyClass(response.getClass())) {
                return response;
            }
            ClassLoader loader = response.getClass().getClassLoader();
            Class<?> type = Class.forName("io.vertx.core.http.HttpClientResponse", false, loader);
            Class<?> requestType = Class.forName("io.vertx.core.http.HttpClientRequest", false, loader);
            // the request this response answers: after a followed redirect, the last one (the site stays the first's)
            Object answered = type.getMethod("request").invoke(response);
            Object last = answered != null ? answered : request;
            String method = String.valueOf(requestType.getMethod("getMethod").invoke(last));
            int status = (Integer) type.getMethod("statusCode").invoke(response);
            Object length = type.getMethod("getHeader", String.class).invoke(response, "content-length");
            if (status < 200 || status == 204 || status == 304 || "HEAD".equalsIgnoreCase(method)
                    || "CONNECT".equalsIgnoreCase(method) || "0".equals(length)) {
                return response; // nothing to read
            }
            String url = String.valueOf(requestType.getMethod("absoluteURI").invoke(last));
            Link handler = new Link(Link.RESPONSE, response, type);
            Object proxy = Proxy.newProxyInstance(loader, new Class<?>[] {type}, handler);
            handler.proxy = proxy;
            // the request is the connection side (reclaim resets it): it holds the library's response, not the proxy
            if (Tracker.open(proxy, ResponseFacts.of(clientId, method, url, status), request, request) == null) {
                return response;
            }
            Tracker.alias(response, proxy);
            return proxy;
        } catch (Throwable t) {
            Problems.internalError(t);
            return response;
        }
    }

    /**
     * The one helper type, in four roles (every runtime class is defined at start-up: one class, not four): it
     * hands the request the site remembered for its future ({@link #SITE}); maps the library's response to the
     * proxy ({@link #TO_PROXY}); is the proxy's handler ({@link #RESPONSE}: the library's response, but for the calls
     * that return it, which answer the proxy, and those that read it); holds the proxy ({@link #HOLD}).
     */
    private static final class Link implements InvocationHandler, Function<Object, Object> {
        static final int SITE = 0;
        static final int TO_PROXY = 1;
        static final int RESPONSE = 2;
        static final int HOLD = 3;

        private final int role;
        /** The future (SITE), the request (TO_PROXY), the library's response (RESPONSE), the proxy (HOLD: strong on purpose). */
        private final Object target;
        /** The client id (TO_PROXY), the response interface (RESPONSE). */
        private final Object extra;
        Object proxy;
        private volatile boolean held;

        Link(int role, Object target, Object extra) {
            this.role = role;
            this.target = target;
            this.extra = extra;
        }

        @Override
        public Object apply(Object response) {
            synchronized (HANDED) {
                WeakReference<Object> earlier = HANDED.get(target);
                Object p = earlier != null ? earlier.get() : null;
                if (p == null) {
                    p = response(target, response, (String) extra);
                    HANDED.put(target, new WeakReference<Object>(p));
                }
                return p;
            }
        }

        @Override
        public Object invoke(Object self, Method m, Object[] args) throws Throwable {
            if (m.getDeclaringClass() == Object.class) {
                return objectMethod(self, m, args);
            }
            if (role == SITE && m.getName().equals("handle") && args != null && args.length == 1) {
                Tracker.rememberSiteOf(args[0], target);
                return null;
            }
            if (role != RESPONSE) {
                return null; // a handler's handle(..): nothing to do
            }
            if (!held && reads(m.getName(), args)) {
                holdWhileRead();
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result == target ? self : result;
        }

        private static boolean reads(String name, Object[] args) {
            switch (name) {
                case "handler":
                case "endHandler":
                case "bodyHandler":
                    return args != null && args.length == 1 && args[0] != null;
                case "body":
                case "end":
                case "pipeTo":
                case "pipe":
                case "resume":
                case "fetch":
                    return true;
                default:
                    return false;
            }
        }

        /** The response's end future gets a listener that holds the proxy: the library holds it until the end. */
        private void holdWhileRead() {
            held = true;
            try {
                Object end = ((Class<?>) extra).getMethod("end").invoke(target);
                Method onComplete = method(end.getClass(), "io.vertx.core.Future", "onComplete", 1, HANDLER);
                if (onComplete != null) {
                    Class<?> handler = onComplete.getParameterTypes()[0];
                    onComplete.invoke(end, Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                            new Link(HOLD, proxy, null)));
                }
            } catch (Throwable t) {
                Problems.internalError(t);
            }
        }
    }

    private static Object objectMethod(Object self, Method m, Object[] args) {
        switch (m.getName()) {
            case "hashCode":
                return System.identityHashCode(self);
            case "equals":
                return args != null && args.length == 1 && self == args[0];
            case "toString":
                return "bodycheck proxy@" + Integer.toHexString(System.identityHashCode(self));
            default:
                return null;
        }
    }

    /** The method {@code name} of {@code arity} of the public interface {@code interfaceName} that the class has. */
    private static Method method(Class<?> type, String interfaceName, String name, int arity, String parameter) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                Method m = find(i, interfaceName, name, arity, parameter);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method find(Class<?> i, String interfaceName, String name, int arity, String parameter) {
        if (i.getName().equals(interfaceName)) {
            for (Method m : i.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == arity
                        && m.getParameterTypes()[0].getName().equals(parameter)) {
                    return m;
                }
            }
            return null;
        }
        for (Class<?> s : i.getInterfaces()) {
            Method m = find(s, interfaceName, name, arity, parameter);
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
