package dev.bodycheck.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request's payload: bytes of known length (sent with Content-Length, and replayable, so an
 * idempotent request with such a body may be retried), or a stream written by the caller (sent
 * chunked, never retried because it may not be writable twice).
 */
public final class RequestBody {
    /** Writes a streamed body. Closing the given stream ends the body; it never closes the connection. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final byte[] bytes;
    private final Writer writer;
    private final String contentType;

    private RequestBody(byte[] bytes, Writer writer, String contentType) {
        this.bytes = bytes;
        this.writer = writer;
        this.contentType = contentType;
    }

    /** A body of these bytes (not copied: do not change them afterwards). */
    public static RequestBody of(byte[] bytes, String contentType) {
        if (bytes == null) {
            throw new NullPointerException("bytes");
        }
        return new RequestBody(bytes, null, contentType);
    }

    public static RequestBody of(String text, String contentType) {
        return of(text, StandardCharsets.UTF_8, contentType);
    }

    public static RequestBody of(String text, Charset charset, String contentType) {
        return of(text.getBytes(charset), contentType);
    }

    /** A body written by {@code writer} while the request is sent, with chunked transfer coding. */
    public static RequestBody chunked(Writer writer, String contentType) {
        if (writer == null) {
            throw new NullPointerException("writer");
        }
        return new RequestBody(null, writer, contentType);
    }

    /** The length, or -1 when streamed. */
    public long contentLength() {
        return bytes != null ? bytes.length : -1;
    }

    /** May be null. */
    public String contentType() {
        return contentType;
    }

    /** True if the body can be sent again on another connection. */
    public boolean isReplayable() {
        return bytes != null;
    }

    byte[] bytes() {
        return bytes;
    }

    Writer writer() {
        return writer;
    }
}
