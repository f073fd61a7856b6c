package dev.bodycheck.it;

/** Apache HttpClient 4.5 (4.5.14). */
class Apache4IT extends ClientScenariosIT {
    @Override
    String client() {
        return "apache4";
    }

    @Override
    String libs() {
        return "apache4";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.Apache4Adapter";
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
