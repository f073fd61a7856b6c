package dev.bodycheck.transport;

/** Character classes of RFC 9110, shared by the request checks and the response parser. */
final class HttpSyntax {
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private HttpSyntax() {
    }

    static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TOKEN[c];
    }

    /** Field values and reason phrases: visible characters, space, tab and obs-text; no other controls. */
    static boolean isFieldChar(int c) {
        return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
    }

    /** Shows a received line safely in an exception message: controls escaped, long lines cut. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 80) + 2).append('"');
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 80) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
