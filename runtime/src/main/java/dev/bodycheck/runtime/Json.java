package dev.bodycheck.runtime;

/** Just enough JSON writing for one event a line. */
final class Json {
    private final StringBuilder sb = new StringBuilder(256).append('{');
    private boolean first = true;

    Json field(String name, String value) {
        key(name);
        string(sb, value);
        return this;
    }

    Json field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    Json field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** {@code true}, {@code false}, or {@code null} where unknown. */
    Json field(String name, Boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    Json field(String name, Iterable<String> values) {
        key(name);
        sb.append('[');
        boolean firstValue = true;
        for (String v : values) {
            if (!firstValue) {
                sb.append(',');
            }
            firstValue = false;
            string(sb, v);
        }
        sb.append(']');
        return this;
    }

    /** A nested object written by the caller (already valid JSON). */
    Json raw(String name, String json) {
        key(name);
        sb.append(json);
        return this;
    }

    private void key(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        string(sb, name);
        sb.append(':');
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
