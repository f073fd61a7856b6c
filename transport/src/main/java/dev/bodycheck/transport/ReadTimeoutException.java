package dev.bodycheck.transport;

import java.net.SocketTimeoutException;

/** The server sent nothing for longer than the read timeout while a response was awaited or read. The connection is closed. */
public class ReadTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    public ReadTimeoutException(String message) {
        super(message);
    }
}
