package dev.bodycheck.transport;

import java.net.ProtocolException;

/**
 * The server sent something that is not HTTP/1.1 as we accept it: a bad status line, header, chunk
 * size or length. The message names what was wrong. The connection it came from is closed, never pooled.
 */
public class MalformedResponseException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message) {
        super(message);
    }
}
