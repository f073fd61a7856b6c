package dev.bodycheck.transport;

import java.util.List;

/**
 * How a response's body is delimited (RFC 9112 6.3), decided from the request method, status and headers:
 * none, Content-Length, chunked, or until the connection closes. Conflicting or malformed length
 * information is an error, never a guess: guessing is how responses get split or smuggled.
 */
final class Framing {
    enum Kind { NONE, FIXED, CHUNKED, UNTIL_CLOSE }

    final Kind kind;
    /** For FIXED: the length; else -1 (0 for NONE). */
    final long length;

    private Framing(Kind kind, long length) {
        this.kind = kind;
        this.length = length;
    }

    static Framing of(String method, int status, Headers headers) throws MalformedResponseException {
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            return new Framing(Kind.NONE, 0);
        }
        List<String> transferEncodings = headers.all("Transfer-Encoding");
        List<String> contentLengths = headers.all("Content-Length");
        if (!transferEncodings.isEmpty()) {
            if (!contentLengths.isEmpty()) {
                throw new MalformedResponseException(
                        "response has both Transfer-Encoding and Content-Length (a request smuggling risk)");
            }
            return new Framing(isChunked(transferEncodings) ? Kind.CHUNKED : Kind.UNTIL_CLOSE, -1);
        }
        if (!contentLengths.isEmpty()) {
            long length = contentLength(contentLengths);
            return length == 0 ? new Framing(Kind.NONE, 0) : new Framing(Kind.FIXED, length);
        }
        return new Framing(Kind.UNTIL_CLOSE, -1);
    }

    /** Chunked must be the last coding, and appear only there. */
    private static boolean isChunked(List<String> values) throws MalformedResponseException {
        String last = null;
        boolean chunkedBefore = false;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String coding = part.trim();
                if (coding.isEmpty()) {
                    continue;
                }
                if (last != null && last.equalsIgnoreCase("chunked")) {
                    chunkedBefore = true;
                }
                last = coding;
            }
        }
        if (chunkedBefore) {
            throw new MalformedResponseException("Transfer-Encoding has chunked before another coding: "
                    + String.join(", ", values));
        }
        return last != null && last.equalsIgnoreCase("chunked");
    }

    /** One non-negative decimal; repeated fields and comma lists must all say the same number. */
    private static long contentLength(List<String> values) throws MalformedResponseException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String s = part.trim();
                if (s.isEmpty() || s.length() > 18) {
                    throw new MalformedResponseException("invalid Content-Length " + HttpSyntax.quote(value)
                            + ": not a decimal number of at most 18 digits");
                }
                long n = 0;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c < '0' || c > '9') {
                        throw new MalformedResponseException("invalid Content-Length " + HttpSyntax.quote(value)
                                + ": not a decimal number");
                    }
                    n = n * 10 + (c - '0');
                }
                if (length >= 0 && n != length) {
                    throw new MalformedResponseException("conflicting Content-Length values: "
                            + String.join(", ", values));
                }
                length = n;
            }
        }
        return length;
    }
}
