package dev.bodycheck.transport;

import java.io.IOException;

/**
 * A body in chunked transfer coding (RFC 9112 7.1): hex size line, data, CRLF, ..., a zero-size chunk,
 * then trailer fields and an empty line. Sizes are checked for syntax and against
 * {@link Limits#maxChunkSize()}; extensions after ';' are ignored.
 */
final class ChunkedSource implements BodySource {
    private static final int BEFORE_FIRST_CHUNK = -1;

    private final HttpInput in;
    private final Limits limits;
    /** Bytes left in the current chunk; 0 after a chunk's data (its CRLF still to read); -1 before the first. */
    private long inChunk = BEFORE_FIRST_CHUNK;
    private boolean done;
    private Headers trailers = Headers.empty();

    ChunkedSource(HttpInput in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return transfer(b, off, len);
    }

    @Override
    public int skip(int max) throws IOException {
        return transfer(null, 0, max);
    }

    private int transfer(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (inChunk <= 0) {
            nextChunk();
            if (done) {
                return -1;
            }
        }
        int want = (int) Math.min(len, inChunk);
        int n = b == null ? in.skip(want) : in.read(b, off, want);
        if (n < 0) {
            throw new TruncatedBodyException("chunked response body truncated: the connection closed with "
                    + inChunk + " bytes of a chunk still to come");
        }
        inChunk -= n;
        return n;
    }

    private void nextChunk() throws IOException {
        if (inChunk == 0) {
            String end = in.readLine(limits.maxLineLength(), "chunk end");
            if (end == null) {
                throw truncated();
            }
            if (!end.isEmpty()) {
                throw new MalformedResponseException("chunk data is not followed by CRLF: found "
                        + HttpSyntax.quote(end) + " (is the chunk size wrong?)");
            }
        }
        String line = in.readLine(limits.maxLineLength(), "chunk size line");
        if (line == null) {
            throw truncated();
        }
        long size = parseSize(line, limits.maxChunkSize());
        if (size == 0) {
            trailers = HeaderSection.read(in, limits, 0, "trailer");
            done = true;
        }
        inChunk = size;
    }

    private TruncatedBodyException truncated() {
        return new TruncatedBodyException(
                "chunked response body truncated: the connection closed before the last (zero-size) chunk");
    }

    /** {@code 1*HEXDIG [ BWS ";" extensions ]}. */
    static long parseSize(String line, long max) throws MalformedResponseException {
        int end = line.indexOf(';');
        if (end < 0) {
            end = line.length();
        }
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0) {
            throw new MalformedResponseException("malformed chunk size line " + HttpSyntax.quote(line)
                    + ": no hex digits");
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(line.charAt(i), 16);
            if (digit < 0 || line.charAt(i) > 'f') {
                throw new MalformedResponseException("malformed chunk size line " + HttpSyntax.quote(line)
                        + ": not a hex number");
            }
            if (size > (max >> 4)) {
                throw new LimitExceededException("chunk size " + HttpSyntax.quote(line.substring(0, end))
                        + " is larger than the limit of " + max + " bytes");
            }
            size = size * 16 + digit;
        }
        if (size > max) {
            throw new LimitExceededException("chunk size " + HttpSyntax.quote(line.substring(0, end))
                    + " is larger than the limit of " + max + " bytes");
        }
        return size;
    }

    @Override
    public boolean isExhausted() {
        return done;
    }

    @Override
    public long knownRemaining() {
        return done ? 0 : -1;
    }

    @Override
    public boolean isSelfDelimited() {
        return true;
    }

    @Override
    public Headers trailers() {
        return trailers;
    }
}
