package dev.bodycheck.it;

/** OkHttp 3.x. */
class OkHttp3IT extends OkHttpScenariosIT {
    @Override
    String libs() {
        return "okhttp3";
    }
}
