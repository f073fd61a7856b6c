package dev.bodycheck.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open socket to one {@link Address}, carrying one exchange at a time. It knows the timeouts of the
 * call it serves, so that every read is bounded by both the read timeout and what is left of the call.
 * It never references a response body: a leaked body must stay collectable while its connection lives.
 */
final class Connection {
    final Address address;
    final HttpInput input;
    final OutputStream output;
    private final Socket socket;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Guarded by the pool's lock.
    boolean leased;
    /** Counts leases, so that a late leak clean-up cannot touch a later exchange on this connection. */
    long leaseId;
    long idleSinceNanos;

    // The current call; used by the one thread that owns the lease (and by the watchdog for abort).
    private int readTimeoutMillis;
    private int callTimeoutMillis;
    private long callDeadlineNanos;
    /** While an early-closed body is drained: its short deadline, else 0. */
    private long drainDeadlineNanos;
    private int soTimeout = -1;
    /** What the call was doing, for exception messages: "while reading the response body of" + request. */
    private String activity = "";
    private Request request;
    private volatile boolean abortedByWatchdog;

    Connection(Address address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.input = new HttpInput(this, socket.getInputStream());
        this.output = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    void startCall(int readTimeoutMillis, int callTimeoutMillis, long callDeadlineNanos) {
        this.readTimeoutMillis = readTimeoutMillis;
        this.callTimeoutMillis = callTimeoutMillis;
        this.callDeadlineNanos = callDeadlineNanos;
        this.drainDeadlineNanos = 0;
    }

    /** Notes what the call does now; the message is only put together if something fails. */
    void activity(String what, Request request) {
        this.activity = what;
        this.request = request;
    }

    private String doing() {
        return request == null ? activity : activity + " " + request;
    }

    void drainUntil(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
    }

    /** Sets the socket timeout for the next read: the read timeout, or less if the call or drain ends sooner. */
    void beforeRead() throws IOException {
        int timeout = readTimeoutMillis;
        long deadline = callDeadlineNanos;
        if (drainDeadlineNanos != 0 && (deadline == 0 || drainDeadlineNanos < deadline)) {
            deadline = drainDeadlineNanos;
        }
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut();
            }
            int leftMillis = (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
            if (timeout == 0 || leftMillis < timeout) {
                timeout = leftMillis;
            }
        }
        setSoTimeout(timeout);
    }

    void setSoTimeout(int millis) throws SocketException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
    }

    /** The exception for a read that timed out: the call's deadline if that is what ran out, else the read timeout. */
    IOException timedOut() {
        long now = System.nanoTime();
        if (drainDeadlineNanos != 0 && now - drainDeadlineNanos >= -1_000_000) {
            return new ReadTimeoutException("drain timed out " + doing());
        }
        if (callDeadlineNanos != 0 && now - callDeadlineNanos >= -1_000_000) {
            return new CallTimeoutException("call timed out after " + callTimeoutMillis + " ms " + doing());
        }
        return new ReadTimeoutException("read timed out after " + readTimeoutMillis + " ms " + doing());
    }

    /**
     * Rewrites an I/O failure caused by the watchdog closing the socket as the call timeout it is, and gives
     * a bare socket error ("Connection reset") the context of what the call was doing.
     */
    IOException failed(IOException e) {
        if (abortedByWatchdog) {
            CallTimeoutException t = new CallTimeoutException("call timed out after " + callTimeoutMillis + " ms "
                    + doing());
            t.initCause(e);
            return t;
        }
        if (e.getClass() == SocketException.class) {
            SocketException s = new SocketException(e.getMessage() + " " + doing());
            s.initCause(e);
            return s;
        }
        return e;
    }

    /** Called by the watchdog when a write outlives the call: closing the socket is what unblocks it. */
    void abortForTimeout() {
        abortedByWatchdog = true;
        close();
    }

    long callDeadlineNanos() {
        return callDeadlineNanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket, once; safe from any thread. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with a socket that cannot even close
            }
        }
    }

    @Override
    public String toString() {
        return address + " local port " + socket.getLocalPort();
    }
}
