package dev.bodycheck.transport;

import java.net.URI;
import java.util.Locale;

/** One HTTP request: method, absolute {@code http:} or {@code https:} URI, headers, optional body. Immutable. */
public final class Request {
    private final String method;
    private final URI uri;
    private final Headers headers;
    private final RequestBody body;

    private Request(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = b.headers.build();
        this.body = b.body;
    }

    public static Builder get(String uri) {
        return builder("GET", URI.create(uri));
    }

    public static Builder get(URI uri) {
        return builder("GET", uri);
    }

    public static Builder builder(String method, URI uri) {
        return new Builder().method(method).uri(uri);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Headers headers() {
        return headers;
    }

    /** May be null. */
    public RequestBody body() {
        return body;
    }

    /**
     * True if sending this request twice means the same as sending it once (RFC 9110 9.2.2), and its body
     * can be sent again: only such a request is retried after a stale pooled connection failed.
     */
    public boolean isRetryable() {
        switch (method) {
            case "GET":
            case "HEAD":
            case "PUT":
            case "DELETE":
            case "OPTIONS":
            case "TRACE":
                return body == null || body.isReplayable();
            default:
                return false;
        }
    }

    public Builder toBuilder() {
        Builder b = new Builder().method(method).uri(uri).body(body);
        b.headers = headers.toBuilder();
        return b;
    }

    /**
     * Method and URL without user info, query or fragment ({@code GET http://127.0.0.1:8080/beat}): what every
     * exception of the transport names, so that no message carries a credential or a token.
     */
    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }

    public static final class Builder {
        private String method = "GET";
        private URI uri;
        private Headers.Builder headers = new Headers.Builder();
        private RequestBody body;

        public Builder method(String method) {
            if (method == null || method.isEmpty()) {
                throw new IllegalArgumentException("method is empty");
            }
            for (int i = 0; i < method.length(); i++) {
                if (!HttpSyntax.isTokenChar(method.charAt(i))) {
                    throw new IllegalArgumentException("method has an illegal character: " + method);
                }
            }
            this.method = method;
            return this;
        }

        public Builder uri(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http: and https: URIs are supported: " + uri);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("URI has no host: " + uri);
            }
            this.uri = uri;
            return this;
        }

        public Builder uri(String uri) {
            return uri(URI.create(uri));
        }

        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public Builder headers(Headers h) {
            for (int i = 0; i < h.size(); i++) {
                headers.add(h.name(i), h.value(i));
            }
            return this;
        }

        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        public Builder post(RequestBody body) {
            return method("POST").body(body);
        }

        public Builder put(RequestBody body) {
            return method("PUT").body(body);
        }

        public Request build() {
            if (uri == null) {
                throw new IllegalStateException("no URI");
            }
            return new Request(this);
        }
    }
}
