package dev.bodycheck.it;

/** {@code java.net.http.HttpClient} with {@code ofInputStream()}, in the JDK itself. */
class JdkHttpClientIT extends ClientScenariosIT {
    @Override
    String client() {
        return "jdk";
    }

    @Override
    String libs() {
        return null; // the JDK's own
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.JdkHttpClientAdapter";
    }

    @Override
    boolean helperIsTracked() {
        return false; // ofString: the client reads the whole body itself
    }
}
