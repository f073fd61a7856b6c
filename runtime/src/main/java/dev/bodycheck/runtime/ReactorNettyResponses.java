package dev.bodycheck.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Reactor Netty's {@code responseConnection(receiver)}, the one way of its {@code HttpClient} that hands the
 * application a response whose body the library does not discard by itself (Spring's {@code WebClient} uses
 * it too). The library's response object is also its connection and is reachable from the channel until the
 * body ends, so it could never be found dropped: the receiver is given instead a proxy of it (every interface
 * it has, {@code inbound()} and the methods that return the object itself answering the proxy), and the proxy
 * is what is tracked. The library's own object is the proxy's alias: its inbound's end (read to completion,
 * cancelled, disposed) ends the body.
 *
 * <p>A body that is subscribed holds the proxy from its subscription (the library holds the subscriber), so
 * that the usual code, which drops the response once it has subscribed to the body, is not taken for a leak;
 * a subscription left stalled is held by the event loop, and only {@code openWarn} or {@code pool-exhausted}
 * can see it.
 *
 * <p>This class lives on the bootstrap class path, which cannot see the library: it reaches the response
 * through reflection on the library's public interfaces.
 */
public final class ReactorNettyResponses {
    private static final ClassValue<Class<?>[]> INTERFACES = new ClassValue<Class<?>[]>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
            Set<Class<?>> all = new LinkedHashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                collect(c, all);
            }
            // the response's and the connection's interfaces first; one that cannot sit beside them is left out
            // (NettyOutbound, whose withConnection returns another type than NettyInbound's)
            Set<Class<?>> fitting = new LinkedHashSet<>();
            for (Class<?> i : all) {
                if (java.lang.reflect.Modifier.isPublic(i.getModifiers()) && fits(i, fitting)) {
                    fitting.add(i);
                }
            }
            return fitting.toArray(new Class<?>[0]);
        }

        private boolean fits(Class<?> candidate, Set<Class<?>> chosen) {
            for (Method m : candidate.getMethods()) {
                for (Class<?> other : chosen) {
                    try {
                        Class<?> r = other.getMethod(m.getName(), m.getParameterTypes()).getReturnType();
                        if (!r.isAssignableFrom(m.getReturnType()) && !m.getReturnType().isAssignableFrom(r)) {
                            return false;
                        }
                    } catch (NoSuchMethodException e) {
                        // no clash
                    }
                }
            }
            return true;
        }

        private void collect(Class<?> c, Set<Class<?>> all) {
            for (Class<?> i : c.getInterfaces()) {
                if (all.add(i)) {
                    collect(i, all);
                }
            }
        }
    };

    private ReactorNettyResponses() {
    }

    /**
     * At {@code responseConnection(receiver)}, on the thread that builds the request: the receiver the library
     * gets instead, which remembers this thread's stack (if sampled) for the body it will see.
     */
    @SuppressWarnings("unchecked")
    public static Object receiver(Object receiver, String clientId) {
        try {
            if (!(receiver instanceof BiFunction) || receiver instanceof Receiver || Clients.tracked(clientId) == null) {
                return receiver;
            }
            return new Receiver((BiFunction<Object, Object, Object>) receiver, clientId, Tracker.siteIfSampled());
        } catch (Throwable t) {
            Problems.internalError(t);
            return receiver;
        }
    }

    private static final class Receiver implements BiFunction<Object, Object, Object> {
        private final BiFunction<Object, Object, Object> receiver;
        private final String clientId;
        private final CreationSite site;
        private final RequestThread requester;

        Receiver(BiFunction<Object, Object, Object> receiver, String clientId, CreationSite site) {
            this.receiver = receiver;
            this.clientId = clientId;
            this.site = site;
            this.requester = RequestThread.unlessIn(site);
        }

        @Override
        public Object apply(Object response, Object connection) {
            Object proxy = response == connection ? track(response) : null;
            return proxy == null ? receiver.apply(response, connection) : receiver.apply(proxy, proxy);
        }

        /** The proxy handed to the application, or null if this response has nothing to track. */
        private Object track(Object response) {
            try {
                if (hasEnded(response)) {
                    return null;
                }
                String method = String.valueOf(call(call(response, "method"), "name"));
                int status = (Integer) call(call(response, "status"), "code");
                Object length = call(call(response, "responseHeaders"), "get", "content-length");
                if (status < 200 || status == 204 || status == 304 || "HEAD".equalsIgnoreCase(method)
                        || "0".equals(length)) {
                    return null; // the library read the head and the empty end: the connection is back
                }
                String url = String.valueOf(call(response, "resourceUrl"));
                Handler handler = new Handler(response);
                Object proxy = Proxy.newProxyInstance(response.getClass().getClassLoader(),
                        INTERFACES.get(response.getClass()), handler);
                handler.proxy = proxy;
                handler.handle = Tracker.openAt(proxy, ResponseFacts.of(clientId, method, url, status), site,
                        requester, null);
                if (handler.handle == null) {
                    return null;
                }
                Tracker.alias(response, proxy);
                return proxy;
            } catch (Throwable t) {
                Problems.internalError(t);
                return null;
            }
        }
    }

    /** Whether the library's inbound already ended (an error, a cancel) before the application got it. */
    private static boolean hasEnded(Object response) throws ReflectiveOperationException {
        return Boolean.TRUE.equals(call(response, "isInboundDisposed"))
                || Boolean.TRUE.equals(call(response, "isInboundCancelled"));
    }

    /** The methods {@link #call} found, per class, by name and argument types: looked up once, not per response. */
    private static final ClassValue<java.util.concurrent.ConcurrentHashMap<String, Method>> METHODS =
            new ClassValue<java.util.concurrent.ConcurrentHashMap<String, Method>>() {
                @Override
                protected java.util.concurrent.ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
                    return new java.util.concurrent.ConcurrentHashMap<>();
                }
            };

    private static Object call(Object target, String name, Object... args) throws ReflectiveOperationException {
        Class<?>[] types = new Class<?>[args.length];
        StringBuilder key = new StringBuilder(name);
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof String ? CharSequence.class : args[i].getClass();
            key.append(' ').append(types[i].getName());
        }
        java.util.concurrent.ConcurrentHashMap<String, Method> known = METHODS.get(target.getClass());
        Method m = known.get(key.toString());
        if (m == null) {
            m = publicMethod(target.getClass(), name, types);
            if (m == null && args.length == 1 && args[0] instanceof String) {
                m = publicMethod(target.getClass(), name, String.class);
            }
            if (m == null) {
                throw new NoSuchMethodException(target.getClass().getName() + "." + name);
            }
            known.put(key.toString(), m);
        }
        return m.invoke(target, args);
    }

    /** The method as declared by a public class or interface (the library's classes are package-private). */
    private static Method publicMethod(Class<?> type, String name, Class<?>... types) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name, types);
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
        }
        for (Class<?> i : INTERFACES.get(type)) {
            try {
                return i.getMethod(name, types);
            } catch (NoSuchMethodException e) {
                // next
            }
        }
        return null;
    }

    /** The library's response, but for the calls that would hand the application the library's own object. */
    private static final class Handler implements InvocationHandler {
        private final Object response;
        Object proxy;
        volatile BodyRef handle;

        Handler(Object response) {
            this.response = response;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int arity = args == null ? 0 : args.length;
            if (arity == 0 && name.equals("hashCode")) {
                return System.identityHashCode(self);
            }
            if (arity == 1 && name.equals("equals")) {
                return self == args[0];
            }
            if (arity == 0 && name.equals("receiveObject")) {
                return subscribedHolds(invokeOn(method, null));
            }
            if (arity == 0 && name.equals("receive")) {
                return byteBufFlux(method.getReturnType(), subscribedHolds(call(response, "receiveObject")));
            }
            if (arity == 1 && name.equals("withConnection") && args[0] instanceof Consumer) {
                @SuppressWarnings("unchecked")
                Consumer<Object> c = (Consumer<Object>) args[0];
                c.accept(self);
                return self;
            }
            Object result = invokeOn(method, args);
            return result == response && method.getReturnType().isInstance(self) ? self : result;
        }

        private Object invokeOn(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(response, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /**
         * The inbound {@code Flux} with a step that counts what reaches the application and, being part of the
         * subscription, keeps the proxy reachable while the library holds the subscriber.
         */
        private Object subscribedHolds(Object flux) throws ReflectiveOperationException {
            Method doOnNext = publicMethod(flux.getClass(), "doOnNext", Consumer.class);
            return doOnNext == null ? flux : doOnNext.invoke(flux, new Reads(this));
        }

        /** {@code ByteBufFlux.fromInbound(flux, channel().alloc())}, as the library's {@code receive()} does. */
        private Object byteBufFlux(Class<?> byteBufFlux, Object flux) throws ReflectiveOperationException {
            Object alloc = call(call(response, "channel"), "alloc");
            for (Method m : byteBufFlux.getMethods()) {
                if (m.getName().equals("fromInbound") && m.getParameterCount() == 2
                        && java.lang.reflect.Modifier.isStatic(m.getModifiers())
                        && m.getParameterTypes()[1].isInstance(alloc) && m.getParameterTypes()[0].isInstance(flux)) {
                    return m.invoke(null, flux, alloc);
                }
            }
            throw new NoSuchMethodException(byteBufFlux.getName() + ".fromInbound");
        }
    }

    /** Counts the bytes of each inbound message the application is given (a ByteBuf or a ByteBufHolder). */
    private static final class Reads implements Consumer<Object> {
        private static final ClassValue<Method[]> SIZE = new ClassValue<Method[]>() {
            @Override
            protected Method[] computeValue(Class<?> type) {
                Method readable = publicMethod(type, "readableBytes");
                if (readable != null) {
                    return new Method[] {readable};
                }
                Method content = publicMethod(type, "content");
                if (content != null) {
                    Method size = publicMethod(content.getReturnType(), "readableBytes");
                    if (size != null) {
                        return new Method[] {content, size};
                    }
                }
                return new Method[0];
            }
        };

        /** Strong on purpose: a subscribed body stays tracked while the library delivers it. */
        private final Handler owner;

        Reads(Handler owner) {
            this.owner = owner;
        }

        @Override
        public void accept(Object message) {
            try {
                BodyRef h = owner.handle;
                Method[] size = SIZE.get(message.getClass());
                if (h == null || size.length == 0) {
                    return;
                }
                Object target = message;
                for (int i = 0; i < size.length - 1; i++) {
                    target = size[i].invoke(target);
                }
                int n = (Integer) size[size.length - 1].invoke(target);
                if (n > 0) {
                    h.read(n);
                }
            } catch (Throwable t) {
                Problems.internalError(t);
            }
        }
    }
}
