package dev.bodycheck.it;

import java.util.Map;

/**
 * AsyncHttpClient's deferred body ({@code AsyncHttpClientAdapter}): the conformance matrix for one version. Only a
 * deferred body is tracked: a body the library buffers whole (the helper's {@code Response}) is not one the
 * application holds open. Whether a deferred body still holds its connection is unknown (the handler may have written
 * it whole into the pipe), so {@code pinned} is.
 */
abstract class AsyncHttpClientScenariosIT extends ClientScenariosIT {
    @Override
    String client() {
        return "async-http-client";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.AsyncHttpClientAdapter";
    }

    @Override
    boolean tellsPinned() {
        return false;
    }

    @Override
    boolean helperIsTracked() {
        return false; // the buffering Response: read whole by the library
    }

    @Override
    boolean hasAsync() {
        return false; // see notApplicable
    }

    @Override
    Map<String, String> notApplicable() {
        Map<String, String> na = super.notApplicable();
        String why = "every AsyncHttpClient request is asynchronous: each case already executes with a handler and "
                + "reads the deferred stream the application makes; the asynchronous callback's Response is read whole "
                + "by the library, not a body the application holds open";
        na.put("async-drop", why);
        na.put("async-eof", why);
        return na;
    }
}
