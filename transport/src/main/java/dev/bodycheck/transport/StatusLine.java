package dev.bodycheck.transport;

/** The first line of a response, {@code HTTP/1.1 200 OK}, parsed strictly (RFC 9112 4). */
final class StatusLine {
    final boolean http11;
    final int code;
    final String reason;

    private StatusLine(boolean http11, int code, String reason) {
        this.http11 = http11;
        this.code = code;
        this.reason = reason;
    }

    static StatusLine parse(String line) throws MalformedResponseException {
        // "HTTP/1.x" SP 3DIGIT SP reason; the SP before an empty reason is often left out, and that is accepted
        if (line.length() < 12 || !line.startsWith("HTTP/") || line.charAt(6) != '.' || line.charAt(8) != ' ') {
            throw malformed(line, "expected \"HTTP/1.1 <3-digit code> <reason>\"");
        }
        char minor = line.charAt(7);
        if (line.charAt(5) != '1' || (minor != '0' && minor != '1')) {
            throw malformed(line, "unsupported HTTP version " + line.substring(0, 8));
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(line, "the status code is not 3 digits");
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100 || code > 599) {
            throw malformed(line, "status code " + code + " is outside 100..599");
        }
        String reason = "";
        if (line.length() > 12) {
            if (line.charAt(12) != ' ') {
                throw malformed(line, "the status code is not 3 digits");
            }
            reason = line.substring(13);
            for (int i = 0; i < reason.length(); i++) {
                if (!HttpSyntax.isFieldChar(reason.charAt(i))) {
                    throw malformed(line, "the reason phrase has a control character");
                }
            }
        }
        return new StatusLine(minor == '1', code, reason);
    }

    private static MalformedResponseException malformed(String line, String why) {
        return new MalformedResponseException("malformed status line " + HttpSyntax.quote(line) + ": " + why);
    }
}
