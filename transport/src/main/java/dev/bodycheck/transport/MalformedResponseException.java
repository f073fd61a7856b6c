package dev.bodycheck.transport;

import java.net.ProtocolException;

/**
 * The server sent something that is not HTTP/1.1 as we accept it: a bad status line, header, chunk
 * size or length. The message names what was wrong, and the request. The connection it came from is closed, never pooled.
 */
public class MalformedResponseException extends ProtocolException {
    private static final long serialVersionUID = 1L;
    /** The request whose response this is ({@link Request#toString()}: no user info, no query), once known. */
    private String request;

    public MalformedResponseException(String message) {
        super(message);
    }

    /** Names the request in the message, unless one is named already; returns this. */
    MalformedResponseException naming(Request request) {
        if (this.request == null) {
            this.request = request.toString();
        }
        return this;
    }

    @Override
    public String getMessage() {
        return request == null ? super.getMessage() : super.getMessage() + " (response to " + request + ")";
    }
}
