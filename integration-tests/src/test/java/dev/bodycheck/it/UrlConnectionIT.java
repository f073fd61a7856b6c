package dev.bodycheck.it;

/** {@code java.net.HttpURLConnection}, in the JDK itself. */
class UrlConnectionIT extends ClientScenariosIT {
    @Override
    String client() {
        return "urlconnection";
    }

    @Override
    String libs() {
        return null; // the JDK's own
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.UrlConnectionAdapter";
    }

    @Override
    boolean hasAsync() {
        return false;
    }
}
