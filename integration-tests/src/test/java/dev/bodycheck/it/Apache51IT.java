package dev.bodycheck.it;

/** Apache HttpClient 5.1 (5.1.4), the oldest 5.x supported, classic API. */
class Apache51IT extends ClientScenariosIT {
    @Override
    String client() {
        return "apache5";
    }

    @Override
    String libs() {
        return "apache51";
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
}
