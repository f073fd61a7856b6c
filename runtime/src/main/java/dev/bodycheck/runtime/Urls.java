package dev.bodycheck.runtime;

/** URL redaction for reports: no user info, no query string, no fragment. */
final class Urls {
    private Urls() {
    }

    static String redact(String url) {
        if (url == null) {
            return "";
        }
        int end = url.length();
        int query = url.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = url.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String s = url.substring(0, end);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            int hostStart = scheme + 3;
            int pathStart = s.indexOf('/', hostStart);
            int authorityEnd = pathStart < 0 ? s.length() : pathStart;
            int at = s.lastIndexOf('@', authorityEnd - 1);
            if (at >= hostStart) {
                s = s.substring(0, hostStart) + s.substring(at + 1);
            }
        }
        return s;
    }
}
