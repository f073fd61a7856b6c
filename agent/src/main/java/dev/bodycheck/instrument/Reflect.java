package dev.bodycheck.instrument;

import java.lang.reflect.Method;

/**
 * Finds a library's method on the object at hand by name and parameter count: the agent's own loader need
 * not see the library's classes, and the library's own types may be package-private.
 */
public final class Reflect {
    private Reflect() {
    }

    /** The method {@code name} with {@code parameters} parameters declared by the type or a supertype, accessible; or null. */
    public static Method method(Class<?> type, String name, int parameters) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Method m : t.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == parameters && !m.isSynthetic()
                        && !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        return null;
    }
}
