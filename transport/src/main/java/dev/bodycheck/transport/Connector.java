package dev.bodycheck.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens connections: TCP to each resolved address in turn until one answers, within the connect timeout
 * and what is left of the call; for https, a TLS handshake with SNI and host name verification.
 */
final class Connector {
    private final int connectTimeoutMillis;
    private final int callTimeoutMillis;
    /** Null until the first https connection when none was given: loading the default trust store takes time. */
    private volatile SSLSocketFactory sslSocketFactory;

    Connector(int connectTimeoutMillis, int callTimeoutMillis, SSLSocketFactory sslSocketFactory) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.callTimeoutMillis = callTimeoutMillis;
        this.sslSocketFactory = sslSocketFactory;
    }

    Connection connect(Address address, long deadlineNanos) throws IOException {
        IOException failure = null;
        for (InetAddress ip : InetAddress.getAllByName(address.host)) {
            int timeout = timeout(deadlineNanos, address);
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(ip, address.port), timeout);
                if (address.https) {
                    timeout = timeout(deadlineNanos, address);
                    socket = handshake(socket, address, timeout);
                }
                return new Connection(address, socket);
            } catch (SocketTimeoutException e) {
                close(socket);
                failure = timedOut(address, ip, deadlineNanos, timeout);
                if (failure instanceof CallTimeoutException) {
                    throw failure;
                }
            } catch (IOException | RuntimeException e) {
                close(socket);
                if (e instanceof RuntimeException) {
                    throw e;
                }
                failure = e instanceof ConnectException
                        ? withCause(new ConnectException("connect to " + address + " (" + ip.getHostAddress()
                                + ") failed: " + e.getMessage()), e)
                        : (IOException) e;
            }
        }
        throw failure != null ? failure : new ConnectException("no address for " + address.host);
    }

    private static IOException withCause(IOException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    private int timeout(long deadlineNanos, Address address) throws CallTimeoutException {
        int timeout = connectTimeoutMillis;
        if (deadlineNanos != 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new CallTimeoutException("call timed out after " + callTimeoutMillis + " ms connecting to "
                        + address);
            }
            int leftMillis = (int) Math.max(1, left / 1_000_000);
            timeout = timeout == 0 ? leftMillis : Math.min(timeout, leftMillis);
        }
        return timeout;
    }

    /**
     * The timeout that ended a wait of {@code timeoutMillis}: the call's if what was left of it set the wait
     * (the socket's own clock may end a wait a little before the call's deadline, so the time now cannot tell).
     */
    private IOException timedOut(Address address, InetAddress ip, long deadlineNanos, int timeoutMillis) {
        if (deadlineNanos != 0 && (connectTimeoutMillis == 0 || timeoutMillis < connectTimeoutMillis)) {
            return new CallTimeoutException("call timed out after " + callTimeoutMillis + " ms connecting to "
                    + address);
        }
        return new ConnectTimeoutException("connect to " + address + " (" + ip.getHostAddress() + ") timed out after "
                + connectTimeoutMillis + " ms");
    }

    private Socket handshake(Socket tcp, Address address, int timeoutMillis) throws IOException {
        SSLSocketFactory factory = sslSocketFactory;
        if (factory == null) {
            factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
            sslSocketFactory = factory;
        }
        SSLSocket tls = (SSLSocket) factory.createSocket(tcp, address.host, address.port, true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // without this, any trusted certificate would do
        if (!address.isIpLiteral()) {
            params.setServerNames(Collections.singletonList(new SNIHostName(address.host)));
        }
        tls.setSSLParameters(params);
        tls.setSoTimeout(timeoutMillis);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            close(tls);
            throw e;
        }
        return tls;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
