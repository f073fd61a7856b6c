package dev.bodycheck.it;

/** OkHttp 3.x. */
class OkHttp3IT extends ClientScenariosIT {
    @Override
    String client() {
        return "okhttp";
    }

    @Override
    String libs() {
        return "okhttp3";
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
