package dev.bodycheck.instrument.okhttp;

import dev.bodycheck.instrument.Reclaim;
import dev.bodycheck.instrument.Reflect;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Gives back the connection of a leaked OkHttp body through its {@code Exchange}, as the body's
 * {@code close()} before EOF does when the rest cannot be skipped at once: the connection is marked for no
 * new exchanges ({@code noNewExchangesOnConnection()}; on HTTP/2, whose connection other calls share, only
 * this stream is cancelled), then the response body is completed ({@code bodyComplete}), which releases the
 * connection from its call; the pool closes a connection that takes no new exchanges once it is idle. The
 * call ignores an exchange that is no longer its current one, and the tracker only reclaims a body whose
 * network source had not ended, so a connection that serves another exchange is never touched.
 *
 * <p>{@code bodyComplete} is {@code (bytesRead, responseDone, requestDone, e)} in 3.14 and 4.x and
 * {@code (bytesRead, isSocket, responseDone, requestDone, e)} in 5.x.
 */
final class Exchanges extends Reclaim {
    private static final class Shape {
        final Method noNewExchanges;
        final Method cancel;
        final Method bodyComplete;
        final Field codec;

        Shape(Class<?> exchange) {
            noNewExchanges = Reflect.method(exchange, "noNewExchangesOnConnection", 0);
            cancel = Reflect.method(exchange, "cancel", 0);
            Method complete = Reflect.method(exchange, "bodyComplete", 5);
            bodyComplete = complete != null ? complete : Reflect.method(exchange, "bodyComplete", 4);
            Field f = null;
            try {
                f = exchange.getDeclaredField("codec");
                f.setAccessible(true);
            } catch (NoSuchFieldException | RuntimeException e) {
                f = null;
            }
            codec = f;
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<Shape>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    @Override
    protected boolean reclaim(Object exchange, long bytesRead) throws Exception {
        Shape s = SHAPES.get(exchange.getClass());
        if (s.noNewExchanges == null || s.cancel == null || s.bodyComplete == null) {
            return false;
        }
        Object codec = s.codec != null ? s.codec.get(exchange) : null;
        if (codec != null && codec.getClass().getSimpleName().startsWith("Http2")) {
            s.cancel.invoke(exchange);
        } else {
            s.noNewExchanges.invoke(exchange);
        }
        if (s.bodyComplete.getParameterCount() == 5) {
            s.bodyComplete.invoke(exchange, bytesRead, false, true, false, null);
        } else {
            s.bodyComplete.invoke(exchange, bytesRead, true, false, null);
        }
        return true;
    }
}
