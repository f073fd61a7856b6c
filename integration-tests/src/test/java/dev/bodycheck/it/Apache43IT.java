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

    @Override
    int bodiesPerRedirect() {
        return 1; // the 3xx's body, which the redirect step reads to its end before following
    }

    @Override
    java.util.Map<String, String> leaksHere() {
        java.util.Map<String, String> leaks = super.leaksHere();
        leaks.put("empty-drop", "HttpClient 4.3 streams a Content-Length: 0 entity and keeps its connection leased "
                + "until it is read or the response closed (4.5 releases it at once)");
        return leaks;
    }
}
