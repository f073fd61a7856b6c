package dev.bodycheck.runtime;

/**
 * What a report says of the response a body belongs to: the client, the request's method and URL, the
 * status. One value, made by the advice that knows them and kept by the body's record.
 */
public final class ResponseFacts {
    final Client client;
    final String method;
    final String url;
    final int status;

    private ResponseFacts(Client client, String method, String url, int status) {
        this.client = client;
        this.method = method;
        this.url = url;
        this.status = status;
    }

    /**
     * The facts of a response of the client {@code clientId}; null if that client is not tracked, and
     * every call of the tracker takes null as "nothing to track".
     */
    public static ResponseFacts of(String clientId, String method, String url, int status) {
        Client c = Clients.tracked(clientId);
        return c == null ? null : new ResponseFacts(c, method, url, status);
    }

    /** The facts of the response that answered this request (after redirects: another URL). */
    ResponseFacts answered(String finalUrl, int code) {
        return new ResponseFacts(client, method, finalUrl, code);
    }

    /** The same facts with the status known only once the response head was read. */
    ResponseFacts withStatus(int code) {
        return code == status ? this : new ResponseFacts(client, method, url, code);
    }
}
