package dev.bodycheck.it;

/** The reference transport, tracked like any other client (it calls the tracker itself). */
class ReferenceIT extends ClientScenariosIT {
    @Override
    String client() {
        return "reference";
    }

    @Override
    String libs() {
        return null; // in the agent jar
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.ReferenceAdapter";
    }

    @Override
    boolean hasAsync() {
        return false;
    }

    @Override
    java.util.Map<String, String> notApplicable() {
        java.util.Map<String, String> na = super.notApplicable();
        na.put("redirect-drop", "the transport follows no redirect: a 3xx is the caller's response");
        na.put("redirect-eof", "the transport follows no redirect: a 3xx is the caller's response");
        return na;
    }
}
