package dev.bodycheck.transport;

import java.io.IOException;

/**
 * The server closed the connection without sending a single byte of response. On a pooled connection
 * this is the mark of a connection the server had already given up on; an idempotent request is then
 * retried once on a fresh connection, and this is thrown only if that fails too.
 */
public class NoResponseException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoResponseException(String message) {
        super(message);
    }
}
