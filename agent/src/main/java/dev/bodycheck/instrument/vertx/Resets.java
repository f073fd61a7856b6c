package dev.bodycheck.instrument.vertx;

import dev.bodycheck.instrument.Reclaim;
import dev.bodycheck.instrument.Reflect;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives back the connection of a leaked Vert.x response by resetting its request ({@code HttpClientRequest.reset(0)}),
 * as the application would: on HTTP/1.x, the library closes a connection whose response is still in flight, and
 * its pool slot is free. The connection side kept with the body is the request (which references the library's
 * response, never the proxy the application held).
 *
 * <p>A response whose end the connection has already received may have given its connection back to the pool, and
 * 4.5 closes the connection on such a reset too, whichever exchange it serves by then. So the reset runs on the
 * connection's event loop, where the connection reads its responses, and only if the stream's response has not
 * ended there ({@code responseEnded}, a field of the HTTP/1.x stream in 4.5 and 5); a stream without that field
 * (HTTP/2) is left alone. The reaper waits for that task at most 5 s; past that the leak is reported as not
 * reclaimed, and the task still runs when the loop gets to it.
 */
final class Resets extends Reclaim {
    @Override
    protected boolean reclaim(Object request, long bytesRead) throws Exception {
        ClassLoader loader = request.getClass().getClassLoader();
        Class<?> api = Class.forName("io.vertx.core.http.HttpClientRequest", false, loader);
        Object stream = value(request, "stream");
        Field ended = stream != null ? field(stream.getClass(), "responseEnded") : null;
        Object connection = api.getMethod("connection").invoke(request);
        Method channelOf = connection != null ? Reflect.method(connection.getClass(), "channel", 0) : null;
        Object channel = channelOf != null ? channelOf.invoke(connection) : null;
        Method loopOf = channel != null ? Reflect.method(channel.getClass(), "eventLoop", 0) : null;
        Object loop = loopOf != null ? loopOf.invoke(channel) : null;
        if (ended == null || !(loop instanceof Executor)) {
            return false;
        }
        Method reset = api.getMethod("reset", long.class);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        ((Executor) loop).execute(() -> {
            try {
                boolean inFlight = !ended.getBoolean(stream);
                if (inFlight) {
                    reset.invoke(request, 0L);
                }
                done.complete(inFlight);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            return done.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return false; // the loop is busy: the report says not reclaimed, the task still runs when the loop gets to it
        }
    }

    private static Object value(Object target, String name) throws IllegalAccessException {
        Field f = field(target.getClass(), name);
        return f != null ? f.get(target) : null;
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Field f : t.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        return null;
    }
}
