package dev.bodycheck.it;

/** What every OkHttp version shares in the conformance matrix; a subclass names the version's jars. */
abstract class OkHttpScenariosIT extends ClientScenariosIT {
    @Override
    String client() {
        return "okhttp";
    }

    @Override
    String adapter() {
        return "dev.bodycheck.it.app.OkHttpAdapter";
    }

    @Override
    boolean readsSmallBodiesAhead() {
        return true; // its BufferedSource pulls 8 KiB at a time
    }

    @Override
    int bodiesPerRedirect() {
        return 1; // the 3xx's body, which OkHttp closes itself before following
    }

    @Override
    boolean hasCache() {
        return true;
    }
}
