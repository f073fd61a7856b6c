package dev.bodycheck.it;

/** OkHttp 5.x. */
class OkHttp5IT extends OkHttpScenariosIT {
    @Override
    String libs() {
        return "okhttp5";
    }
}
