package dev.bodycheck.instrument.okhttp;

import java.lang.reflect.Method;
import java.util.function.ToLongFunction;

/**
 * The bytes still unread in an Okio {@code Buffer}: what OkHttp read ahead of the application. Through the
 * buffer's own class, found by reflection: Okio may live in any class loader, and the agent's loader need
 * not see it.
 */
final class BufferedBytes implements ToLongFunction<Object> {
    private static final ClassValue<Method> SIZE = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("size");
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    @Override
    public long applyAsLong(Object buffer) {
        Method size = SIZE.get(buffer.getClass());
        if (size == null) {
            return -1;
        }
        try {
            return (Long) size.invoke(buffer);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
