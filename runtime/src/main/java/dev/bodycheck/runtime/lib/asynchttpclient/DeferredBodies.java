package dev.bodycheck.runtime.lib.asynchttpclient;

import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

/**
 * AsyncHttpClient 2.12 and 3.0's deferred body: {@code BodyDeferringAsyncHandler} writes the body into an output
 * stream the application gave it, and the application reads the other end through a
 * {@code BodyDeferringInputStream} it makes itself, on its own thread. The stream it hands that constructor is
 * replaced with a tracked wrapper ({@link Tracker#handOver}), which only the application's
 * {@code BodyDeferringInputStream} holds: read to its end it is consumed, closed it is closed, dropped it is
 * leaked; the stack is the line that made the stream.
 *
 * <p>Method and URL come from the future's request; the status from the handler's response if the head has
 * arrived by then (0 otherwise: the constructor must not wait for it). A response with no payload (HEAD, 1xx, 204,
 * 304, {@code Content-Length: 0}) is not tracked: its stream holds nothing. This class lives on the bootstrap class
 * path, which cannot see the library: it calls it through reflection.
 */
public final class DeferredBodies {
    /** The handler's response field, of the handler class seen first (one class loader, as a rule). */
    private static volatile Field response;

    private DeferredBodies() {
    }

    /** At the entry of {@code BodyDeferringInputStream(future, handler, in)}: the stream to use instead of {@code in}. */
    public static InputStream deferred(Object future, Object handler, InputStream in, String clientId) {
        try {
            if (future == null || in == null) {
                return in;
            }
            Method target = future.getClass().getMethod("getTargetRequest");
            Object request = target.invoke(future);
            Class<?> requestType = Class.forName("org.asynchttpclient.Request", false, future.getClass().getClassLoader());
            String method = String.valueOf(requestType.getMethod("getMethod").invoke(request));
            String url = String.valueOf(requestType.getMethod("getUrl").invoke(request));
            Object head = head(handler);
            int status = head == null ? 0 : (Integer) head.getClass().getMethod("getStatusCode").invoke(head);
            Object length = head == null ? null : head.getClass().getMethod("getHeader", CharSequence.class)
                    .invoke(head, "Content-Length");
            if ("HEAD".equalsIgnoreCase(method) || status == 204 || status == 304 || (status > 0 && status < 200)
                    || "0".equals(length)) {
                return in; // nothing to read
            }
            if (Tracker.open(in, ResponseFacts.of(clientId, method, url, status), null,
                    new Closing((java.util.concurrent.Future<?>) future, in)) == null) {
                return in;
            }
            return Tracker.handOver(in, in);
        } catch (Throwable t) {
            Problems.internalError(t);
            return in;
        }
    }

    /**
     * The connection side of a deferred body ({@code reclaim}): the exchange's future and the stream the application
     * gave (never the wrapper that is the body). Closing that stream is the first thing the application's
     * {@code close()} does: the handler's next write into the pipe fails, and the library aborts the exchange and
     * closes its connection, which frees its slot (a writer waiting for the pipe's reader sees it within a second,
     * {@code PipedInputStream} looks every second). A finished exchange holds no connection: nothing is done.
     */
    private static final class Closing implements BooleanSupplier {
        private final java.util.concurrent.Future<?> exchange;
        private final InputStream in;

        Closing(java.util.concurrent.Future<?> exchange, InputStream in) {
            this.exchange = exchange;
            this.in = in;
        }

        @Override
        public boolean getAsBoolean() {
            if (exchange.isDone()) {
                return false;
            }
            try {
                in.close();
            } catch (java.io.IOException e) {
                Problems.internalError(e);
                return false;
            }
            return true;
        }
    }

    /** The handler's response if its head has arrived, else null. */
    private static Object head(Object handler) throws ReflectiveOperationException {
        if (handler == null) {
            return null;
        }
        Field f = response;
        if (f == null || f.getDeclaringClass() != handler.getClass()) {
            f = handler.getClass().getDeclaredField("response");
            f.setAccessible(true);
            response = f;
        }
        return f.get(handler);
    }
}
