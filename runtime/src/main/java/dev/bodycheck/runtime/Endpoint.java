package dev.bodycheck.runtime;

/**
 * A request's endpoint as reports name it: the method, the host (with its port) and the path, with
 * id-like segments folded to {@code {id}} ({@code GET api.example.com/users/{id}/orders}): no scheme, user
 * info, query or fragment. One endpoint is many URLs that one line of code asks for.
 */
final class Endpoint {
    static final String ID = "{id}";
    /** A segment of at least this many letters, digits, '-', '_', '=' and '.' with a digit in it is a token. */
    private static final int TOKEN_LENGTH = 16;

    private Endpoint() {
    }

    /** {@code method host[:port]/folded/path}; {@code method} alone if the URL has no host. */
    static String of(String method, String url) {
        StringBuilder sb = new StringBuilder(64).append(method).append(' ');
        if (url == null) {
            return sb.toString();
        }
        int end = url.length();
        for (int i = 0; i < end; i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int scheme = url.indexOf("://");
        int hostStart = scheme >= 0 && scheme < end ? scheme + 3 : 0;
        int pathStart = url.indexOf('/', hostStart);
        if (pathStart < 0 || pathStart > end) {
            pathStart = end;
        }
        int at = url.lastIndexOf('@', pathStart - 1);
        if (at >= hostStart) {
            hostStart = at + 1;
        }
        sb.append(url, hostStart, pathStart);
        int i = pathStart;
        while (i < end) { // at a '/'
            int next = url.indexOf('/', i + 1);
            if (next < 0 || next > end) {
                next = end;
            }
            sb.append('/');
            if (isId(url, i + 1, next)) {
                sb.append(ID);
            } else {
                sb.append(url, i + 1, next);
            }
            i = next;
        }
        return sb.toString();
    }

    /**
     * Whether {@code s[from, to)} names one object rather than a kind: all digits, a UUID, or a long token
     * (hex, base64) with a digit in it. Words ({@code users}, {@code v2}, {@code health-check}) stay.
     */
    static boolean isId(String s, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return false;
        }
        boolean digitsOnly = true;
        boolean anyDigit = false;
        boolean tokenChars = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            anyDigit |= digit;
            digitsOnly &= digit;
            tokenChars &= digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'
                    || c == '=' || c == '.' || c == '~' || c == '+' || c == '%';
        }
        return digitsOnly || isUuid(s, from, to) || (tokenChars && anyDigit && n >= TOKEN_LENGTH);
    }

    private static boolean isUuid(String s, int from, int to) {
        if (to - from != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
