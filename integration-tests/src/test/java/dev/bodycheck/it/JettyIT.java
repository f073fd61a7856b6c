package dev.bodycheck.it;

import java.util.Map;

/** Jetty HttpClient 12.1 ({@code InputStreamResponseListener} streams). */
class JettyIT extends ClientScenariosIT {
    @Override
    String client() {
        return "jetty";
    }

    @Override
    String libs() {
        return "jetty";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.JettyAdapter";
    }

    @Override
    boolean hasAsync() {
        return false; // see notApplicable
    }

    @Override
    int bodiesPerRedirect() {
        return 1; // the 302's body, which the redirect handler reads to its end before following
    }

    @Override
    Map<String, String> notApplicable() {
        Map<String, String> na = super.notApplicable();
        String why = "every Jetty request is asynchronous: each case already sends with a listener and reads "
                + "the stream the listener hands out; a stream read inside a listener's callback would block the "
                + "thread that delivers its content";
        na.put("async-drop", why);
        na.put("async-eof", why);
        return na;
    }
}
