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
}
