package dev.bodycheck.runtime;

import java.io.InputStream;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code java.net.http.HttpClient}: {@code send} hands its response here before it returns, on the application's
 * thread; {@code sendAsync} (both public ones: the client facade's end in them too) hands its future, whose
 * response is handled here when it arrives. A streaming body ({@code ofInputStream}, {@code ofLines},
 * {@code ofPublisher}) is replaced by a tracked wrapper, and the response by a proxy whose {@code body()} is that
 * wrapper: the client keeps its own body object, and its response, reachable until the body is delivered, so only
 * an object the application alone holds can be found dropped. Any other body ({@code ofString},
 * {@code ofByteArray}, {@code discarding}, {@code ofFile}...) was consumed by the client itself, and the response
 * is handed on untouched.
 *
 * <p>This class lives on the bootstrap class path, which cannot see {@code java.net.http} (a platform
 * module): it reaches the response through reflection on the public {@code HttpResponse} interface.
 */
public final class HttpClientBodies {
    /**
     * Responses being handed to the application's future now: the application's thread may run on (a test
     * may end) before the thread that completes the future has let go of the response.
     */
    private static final AtomicInteger HANDING = new AtomicInteger();

    private HttpClientBodies() {
    }

    /** Waits until no response is being handed over, or the deadline passed (a per-test check, before it collects). */
    static void awaitHandOvers(long deadlineNanos) {
        while (HANDING.get() > 0 && System.nanoTime() < deadlineNanos) {
            Thread.onSpinWait();
        }
    }

    /** What {@code sendAsync} knew of its request, on the application's thread. */
    private static final class Request {
        final ResponseFacts facts;
        final CreationSite site;
        /** The exchange runs on the client's threads: the body names this one (null: the site does). */
        final RequestThread requester;

        Request(ResponseFacts facts, CreationSite site) {
            this.facts = facts;
            this.site = site;
            this.requester = RequestThread.unlessIn(site);
        }
    }

    /** The client's id in options and reports. */
    private static final String ID = "jdk";

    /**
     * At each return of {@code sendAsync}, still on the application's thread (so with its stack): the future the
     * application gets instead of {@code future}, for the request {@code httpRequest}. Never throws.
     */
    public static Object track(Object future, Object httpRequest) {
        try {
            ResponseFacts facts = future instanceof CompletableFuture ? facts(httpRequest) : null;
            return facts == null ? future : track(future, new Request(facts, Tracker.siteFor(facts)));
        } catch (Throwable t) {
            Problems.internalError(t);
            return future;
        }
    }

    /**
     * At each return of {@code send}, on the application's thread, which opens the body itself: the response the
     * application gets instead of {@code response}, for the request {@code httpRequest}. No second future, no
     * hand-over: the stack, if one is taken, is taken only for a streaming body. Never throws.
     */
    public static Object sent(Object response, Object httpRequest) {
        try {
            ResponseFacts facts = response != null ? facts(httpRequest) : null;
            return facts == null ? response : wrap(response, facts, null);
        } catch (Throwable t) {
            Problems.internalError(t);
            return response;
        }
    }

    /** {@code HttpRequest.method()} and {@code uri()}, looked up once. */
    private static volatile Method[] requestApi;

    /** What is known of the request now; null when the client is not tracked. */
    private static ResponseFacts facts(Object httpRequest) throws ReflectiveOperationException {
        if (httpRequest == null || Clients.tracked(ID) == null) {
            return null;
        }
        Method[] api = requestApi;
        if (api == null || !api[0].getDeclaringClass().isInstance(httpRequest)) {
            Class<?> type = httpRequest.getClass();
            while (type != null && !type.getName().equals("java.net.http.HttpRequest")) {
                type = type.getSuperclass();
            }
            if (type == null) {
                return null;
            }
            api = new Method[] {unchecked(type.getMethod("method")), unchecked(type.getMethod("uri"))};
            requestApi = api;
        }
        return ResponseFacts.of(ID, (String) api[0].invoke(httpRequest), String.valueOf(api[1].invoke(httpRequest)), 0);
    }

    private static Object track(Object future, Request facts) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> original = (CompletableFuture<Object>) future;
        CompletableFuture<Object> tracked = new CompletableFuture<Object>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                original.cancel(mayInterruptIfRunning); // send() cancels on interrupt: reach the exchange
                return super.cancel(mayInterruptIfRunning);
            }
        };
        original.whenComplete((response, failure) -> {
            if (failure != null) {
                tracked.completeExceptionally(failure);
            } else {
                HANDING.incrementAndGet();
                try {
                    tracked.complete(tracked.isCancelled() ? response : wrap(response, facts.facts, facts));
                } finally {
                    HANDING.decrementAndGet();
                }
            }
        });
        return tracked;
    }

    /**
     * {@code m}, a public method of the client's exported API, called without an access check: each call's check
     * on an object of the client's internal classes (its request, response and headers) took about 3 % of a
     * request's CPU samples (JFR, JDK 17). The check could only pass: the API is public and exported to all.
     */
    private static <T extends AccessibleObject> T unchecked(T m) {
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            // left checked
        }
        return m;
    }

    /** The methods of {@code HttpResponse} and {@code HttpHeaders} used here, looked up once. */
    private static final class Api {
        final Class<?> response;
        final Method body;
        final Method uri;
        final Method statusCode;
        final Method headers;
        final Method firstValueAsLong;
        /**
         * The constructor of the proxy class of {@code response}, looked up once: {@code Proxy.newProxyInstance}
         * looks the class up in its cache at each call.
         */
        final Constructor<?> proxy;

        Api(Class<?> response) throws NoSuchMethodException {
            this.response = response;
            this.body = unchecked(response.getMethod("body"));
            this.uri = unchecked(response.getMethod("uri"));
            this.statusCode = unchecked(response.getMethod("statusCode"));
            this.headers = unchecked(response.getMethod("headers"));
            this.firstValueAsLong = unchecked(headers.getReturnType().getMethod("firstValueAsLong", String.class));
            this.proxy = unchecked(Proxy.newProxyInstance(response.getClassLoader(), new Class<?>[] {response},
                    new Response(null, null)).getClass().getConstructor(InvocationHandler.class));
        }
    }

    private static volatile Api api;

    private static Api api(Object response) throws ReflectiveOperationException {
        Api a = api;
        if (a == null || !a.response.isInstance(response)) {
            a = new Api(Class.forName("java.net.http.HttpResponse", false, response.getClass().getClassLoader()));
            api = a;
        }
        return a;
    }

    /**
     * The response the application gets for {@code response}, of the request {@code facts}; {@code asked}: what
     * {@code sendAsync} took on the application's thread, or null when this is that thread ({@code send}).
     */
    private static Object wrap(Object response, ResponseFacts facts, Request asked) {
        try {
            Api api = api(response);
            Object body = api.body.invoke(response);
            if (!(body instanceof InputStream || body instanceof Stream || body instanceof Flow.Publisher)) {
                return response; // ofString, ofByteArray, ...: consumed by the client itself
            }
            Object uri = api.uri.invoke(response);
            int status = (Integer) api.statusCode.invoke(response);
            if (hasNoPayload(api, response, facts.method, status)) {
                return response; // the client released the connection with the head: nothing to leak
            }
            CreationSite site = asked != null ? asked.site : Tracker.siteFor(facts);
            RequestThread requester = asked != null ? asked.requester : null;
            ResponseFacts answered = facts.answered(uri != null ? uri.toString() : facts.url, status);
            Object wrapper;
            if (body instanceof InputStream) {
                TrackedInputStream in = new TrackedInputStream((InputStream) body);
                in.handle = Tracker.openAt(in, answered, site, requester,
                        Lifecycle.reclaim() ? closing((InputStream) body) : null);
                wrapper = in;
            } else if (body instanceof Stream) {
                wrapper = TrackedLines.wrap((Stream<?>) body, answered, site, requester);
            } else {
                TrackedPublisher publisher = new TrackedPublisher(body);
                publisher.handle = Tracker.openAt(publisher, answered, site, requester,
                        Lifecycle.reclaim() ? TrackedPublisher.cancelling(body) : null);
                wrapper = publisher;
            }
            return api.proxy.newInstance(new Response(response, wrapper));
        } catch (Throwable t) {
            Problems.internalError(t);
            return response;
        }
    }

    /**
     * What gives back the connection of a leaked {@code ofInputStream()} body: closing the client's own
     * stream, which cancels its subscription to the body. It holds that stream, never the wrapper.
     */
    static BooleanSupplier closing(AutoCloseable clientsOwn) {
        return new BooleanSupplier() {
            @Override
            public boolean getAsBoolean() {
                try {
                    clientsOwn.close();
                    return true;
                } catch (Exception e) {
                    Problems.internalError(e);
                    return false;
                }
            }
        };
    }

    /** HEAD, 1xx, 204, 304 or {@code Content-Length: 0} (SPEC: never reported, closed or dropped). */
    private static boolean hasNoPayload(Api api, Object response, String method, int status)
            throws ReflectiveOperationException {
        if (status < 200 || status == 204 || status == 304 || "HEAD".equalsIgnoreCase(method)) {
            return true;
        }
        Object headers = api.headers.invoke(response);
        Object length = api.firstValueAsLong.invoke(headers, "content-length");
        return length instanceof OptionalLong && ((OptionalLong) length).isPresent()
                && ((OptionalLong) length).getAsLong() == 0;
    }

    /** The response with its body replaced; everything else is the client's response. */
    private static final class Response implements InvocationHandler {
        private final Object response;
        private final Object body;

        Response(Object response, Object body) {
            this.response = response;
            this.body = body;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (args == null || args.length == 0) {
                if (name.equals("body")) {
                    return body;
                }
                if (name.equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
            } else if (name.equals("equals") && args.length == 1) {
                return proxy == args[0];
            }
            try {
                return method.invoke(response, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
