package dev.bodycheck.instrument.apache5async;

import java.lang.reflect.Method;
import java.util.function.ToLongFunction;

/**
 * The bytes still unread in the classic adaptor's {@code SharedInputBuffer}: what the I/O reactor read ahead
 * of the application. Through the buffer's own class, found by reflection: httpcore5 may live in any class
 * loader, and the agent's loader need not see it.
 */
final class SharedBufferBytes implements ToLongFunction<Object> {
    private static final ClassValue<Method> LENGTH = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("length");
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    @Override
    public long applyAsLong(Object buffer) {
        Method length = LENGTH.get(buffer.getClass());
        if (length == null) {
            return -1;
        }
        try {
            return ((Number) length.invoke(buffer)).longValue();
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
