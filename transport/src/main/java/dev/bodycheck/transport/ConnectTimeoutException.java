package dev.bodycheck.transport;

import java.net.SocketTimeoutException;

/** Opening the TCP connection (or its TLS handshake) took longer than the connect timeout. The connection is closed. */
public class ConnectTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    public ConnectTimeoutException(String message) {
        super(message);
    }
}
