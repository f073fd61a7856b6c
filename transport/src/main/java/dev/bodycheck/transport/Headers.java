package dev.bodycheck.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Header fields in the order they were given, names compared without regard to case. Immutable.
 * Kept as one flat array of name, value, name, value...: a response has a handful of fields, and a
 * linear scan over them is faster and smaller than any map.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from name, value pairs: {@code Headers.of("Accept", "text/plain")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs");
        }
        Builder b = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public int size() {
        return namesAndValues.length / 2;
    }

    public String name(int i) {
        return namesAndValues[2 * i];
    }

    public String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    /** The first value of this field, or null. */
    public String get(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (name.equalsIgnoreCase(namesAndValues[i])) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Every value of this field, in order. */
    public List<String> all(String name) {
        List<String> values = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (name.equalsIgnoreCase(namesAndValues[i])) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(namesAndValues[i + 1]);
            }
        }
        return values == null ? Collections.emptyList() : Collections.unmodifiableList(values);
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** True if a comma-separated field such as {@code Connection} has this token (any case). */
    boolean hasToken(String name, String token) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (name.equalsIgnoreCase(namesAndValues[i])) {
                for (String part : namesAndValues[i + 1].split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.list.addAll(Arrays.asList(namesAndValues));
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]).append('\n');
        }
        return sb.toString();
    }

    /** Collects fields; names and values are checked so that nothing can split a request. */
    public static final class Builder {
        private final List<String> list = new ArrayList<>();

        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            list.add(name);
            list.add(value.trim());
            return this;
        }

        /** Removes every field of this name, then adds this one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            for (int i = list.size() - 2; i >= 0; i -= 2) {
                if (name.equalsIgnoreCase(list.get(i))) {
                    list.remove(i + 1);
                    list.remove(i);
                }
            }
            return this;
        }

        /** Adds without checks: the parser has already checked the bytes more strictly. */
        Builder addParsed(String name, String value) {
            list.add(name);
            list.add(value);
            return this;
        }

        public Headers build() {
            return list.isEmpty() ? EMPTY : new Headers(list.toArray(new String[0]));
        }

        private static void checkName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                if (!HttpSyntax.isTokenChar(name.charAt(i))) {
                    throw new IllegalArgumentException("header name has an illegal character at " + i + ": " + name);
                }
            }
        }

        private static void checkValue(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException("header " + name + " has a null value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                    throw new IllegalArgumentException("header " + name + " has an illegal character at " + i);
                }
            }
        }
    }
}
