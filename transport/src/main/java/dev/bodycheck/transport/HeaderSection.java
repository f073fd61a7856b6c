package dev.bodycheck.transport;

import java.io.IOException;

/** Reads header fields up to the empty line: the fields of a response head, or the trailers of a chunked body. */
final class HeaderSection {
    private HeaderSection() {
    }

    /**
     * Reads fields until the empty line. {@code bytesSoFar} counts toward {@link Limits#maxHeaderBytes()}
     * (the status line, for a head). {@code what} names the section in messages ("header", "trailer").
     */
    static Headers read(HttpInput in, Limits limits, int bytesSoFar, String what) throws IOException {
        Headers.Builder fields = new Headers.Builder();
        int count = 0;
        int bytes = bytesSoFar;
        while (true) {
            String line = in.readLine(limits.maxLineLength(), what + " line");
            if (line == null) {
                throw new MalformedResponseException(
                        "connection closed in the middle of the " + what + "s (no empty line ended them)");
            }
            if (line.isEmpty()) {
                return fields.build();
            }
            bytes += line.length() + 2;
            if (bytes > limits.maxHeaderBytes()) {
                throw new LimitExceededException(
                        what + "s are larger than the limit of " + limits.maxHeaderBytes() + " bytes");
            }
            if (++count > limits.maxHeaderCount()) {
                throw new LimitExceededException("more " + what + " fields than the limit of " + limits.maxHeaderCount());
            }
            parseField(line, fields, what);
        }
    }

    /** {@code name ":" OWS value OWS}; no space before the colon, no obsolete line folding, no controls. */
    private static void parseField(String line, Headers.Builder fields, String what) throws MalformedResponseException {
        char first = line.charAt(0);
        if (first == ' ' || first == '\t') {
            throw malformed(line, what, "obsolete line folding (a line starting with whitespace) is not accepted");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw malformed(line, what, colon == 0 ? "the field name is empty" : "no colon");
        }
        for (int i = 0; i < colon; i++) {
            if (!HttpSyntax.isTokenChar(line.charAt(i))) {
                throw malformed(line, what, "illegal character in the field name at " + i);
            }
        }
        int start = colon + 1;
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!HttpSyntax.isFieldChar(line.charAt(i))) {
                throw malformed(line, what, "control character in the field value at " + i);
            }
        }
        fields.addParsed(line.substring(0, colon), line.substring(start, end));
    }

    private static MalformedResponseException malformed(String line, String what, String why) {
        return new MalformedResponseException("malformed " + what + " line " + HttpSyntax.quote(line) + ": " + why);
    }
}
