package dev.bodycheck.transport;

/**
 * A response went past one of the {@link Limits}: a line, a header section or a chunk too large, too
 * many headers. Such a response may be well formed, but reading it would let a server make us buffer
 * or wait without bound.
 */
public class LimitExceededException extends MalformedResponseException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
