package dev.bodycheck.transport;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Carries a request body to the connection and stops it as soon as the server has answered: a server that
 * refuses an upload (413, 401, 503) sends its response before reading the body, often then stops reading
 * and closes. Sending on would block until the call timeout or fail with a reset and lose the answer. The
 * check is one look at the connection's input per slice of at most {@value #SLICE} bytes.
 */
final class AnswerWatchingOutputStream extends FilterOutputStream {
    /** What is written between two looks at the input: small enough to notice an answer early. */
    static final int SLICE = 64 * 1024;

    /** Thrown to stop sending the body; the exchange then reads the answer. Never reaches the caller. */
    static final class ServerAnswered extends IOException {
        private static final long serialVersionUID = 1L;

        ServerAnswered() {
            super("the server answered before the request body was sent");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a signal, not an error: no stack to record
        }
    }

    private final HttpInput input;

    AnswerWatchingOutputStream(OutputStream out, HttpInput input) {
        super(out);
        this.input = input;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (input.hasUnexpectedBytes()) {
                throw new ServerAnswered();
            }
            int n = Math.min(len, SLICE);
            out.write(b, off, n);
            off += n;
            len -= n;
        }
    }
}
