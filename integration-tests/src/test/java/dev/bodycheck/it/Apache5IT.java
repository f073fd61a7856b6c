package dev.bodycheck.it;

/** Apache HttpClient 5.6 (5.6.5), classic API. */
class Apache5IT extends ClientScenariosIT {
    @Override
    String client() {
        return "apache5";
    }

    @Override
    String libs() {
        return "apache5";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.Apache5Adapter";
    }

    @Override
    boolean hasAsync() {
        return false; // the classic API has no asynchronous call; the async client buffers (not tracked)
    }

    @Override
    int bodiesPerRedirect() {
        return 1; // the 3xx's body, which the redirect step reads to its end before following
    }

    @Override
    java.util.Map<String, String> leaksHere() {
        java.util.Map<String, String> leaks = super.leaksHere();
        // measured: with a pool of 1, a second request after a dropped Content-Length: 0 response times out
        leaks.put("empty-drop", "HttpClient 5.6 keeps the connection of a Content-Length: 0 response leased until "
                + "its entity is read or the response closed (5.1 releases it at once)");
        return leaks;
    }
}
