package dev.bodycheck.transport;

import java.net.URI;
import java.util.Locale;

/** Where a connection goes: scheme, host and port. The key of the connection pool. */
final class Address {
    final boolean https;
    /** Without IPv6 brackets, as name resolution wants it. */
    final String host;
    final int port;
    /** The value of the Host header: host, brackets kept, and the port unless it is the default. */
    final String hostHeader;
    private final int hash;

    private Address(boolean https, String host, int port) {
        this.https = https;
        this.host = host;
        this.port = port;
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        this.hostHeader = port == (https ? 443 : 80) ? h : h + ":" + port;
        this.hash = (host.hashCode() * 31 + port) * 2 + (https ? 1 : 0);
    }

    static Address of(URI uri) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new Address(https, host, port);
    }

    /** True for an IPv4 or IPv6 literal: TLS sends no SNI for those. */
    boolean isIpLiteral() {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Address)) {
            return false;
        }
        Address a = (Address) o;
        return https == a.https && port == a.port && host.equals(a.host);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + hostHeader;
    }
}
