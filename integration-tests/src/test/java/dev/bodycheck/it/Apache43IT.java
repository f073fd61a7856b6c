package dev.bodycheck.it;

/** Apache HttpClient 4.3 (4.3.6 with httpcore 4.3.3), the oldest 4.x supported. */
class Apache43IT extends ClientScenariosIT {
    @Override
    String client() {
        return "apache4";
    }

    @Override
    String libs() {
        return "apache43";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.Apache4Adapter";
    }

    @Override
    boolean hasAsync() {
        return false; // the classic API has no asynchronous call; the async client buffers (not tracked)
    }
}
