package dev.bodycheck.transport;

import java.net.SocketTimeoutException;

/** The whole call, from the request until its body ended, took longer than the call timeout. The connection is closed. */
public class CallTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    public CallTimeoutException(String message) {
        super(message);
    }
}
