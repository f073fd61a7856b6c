package dev.bodycheck.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The few method matchers the hooks need, by name, parameter count and parameter type name, in place of
 * Byte Buddy's {@code ElementMatchers}: the hooks are declared at start-up, and Byte Buddy's matchers and
 * type descriptions would load a hundred and more of its classes there, before any library class is woven
 * (or, when an earlier JVM's woven classes are read back, at all).
 */
public abstract class Methods implements ElementMatcher<MethodDescription> {
    private Methods() {
    }

    public static Methods named(String name) {
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return m.getInternalName().equals(name);
            }
        };
    }

    public static Methods isConstructor() {
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return m.isConstructor();
            }
        };
    }

    public static Methods isPrivate() {
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return m.isPrivate();
            }
        };
    }

    public static Methods takesArguments(int count) {
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return m.getParameters().size() == count;
            }
        };
    }

    /** The parameter at {@code index} is of exactly the type {@code type} (its erasure). */
    public static Methods takesArgument(int index, Class<?> type) {
        return takesArgument(index, type.getName());
    }

    /** The parameter at {@code index} is of exactly the type named {@code name} (its erasure). */
    public static Methods takesArgument(int index, String name) {
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return m.getParameters().size() > index
                        && m.getParameters().get(index).getType().asErasure().getName().equals(name);
            }
        };
    }

    public final Methods and(Methods other) {
        Methods self = this;
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return self.matches(m) && other.matches(m);
            }
        };
    }

    public final Methods or(Methods other) {
        Methods self = this;
        return new Methods() {
            @Override
            public boolean matches(MethodDescription m) {
                return self.matches(m) || other.matches(m);
            }
        };
    }
}
