package dev.bodycheck.transport;

/**
 * The connection ended before the response did: fewer bytes than its Content-Length, or a chunked
 * body without its last chunk. The bytes already read were delivered; the rest never came.
 */
public class TruncatedBodyException extends MalformedResponseException {
    private static final long serialVersionUID = 1L;

    public TruncatedBodyException(String message) {
        super(message);
    }
}
