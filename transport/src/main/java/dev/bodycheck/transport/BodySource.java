package dev.bodycheck.transport;

import java.io.IOException;

/** The payload bytes of one response, as its framing delimits them. Used by one thread: the body's reader. */
interface BodySource {
    /** Like {@link java.io.InputStream#read(byte[], int, int)} with {@code len > 0}: -1 at the end of the payload. */
    int read(byte[] b, int off, int len) throws IOException;

    /** Discards up to {@code max} payload bytes; -1 at the end of the payload. */
    int skip(int max) throws IOException;

    /** True once the whole payload was read, even if no read has returned -1 yet. */
    boolean isExhausted();

    /** Payload bytes still to come if the framing says so, else -1 (chunked, close-delimited). */
    long knownRemaining();

    /** True if the framing ends the body before the connection ends, so the connection can carry another exchange. */
    boolean isSelfDelimited();

    /** The trailer fields, known once a chunked body was read to its end; empty otherwise. */
    Headers trailers();
}
