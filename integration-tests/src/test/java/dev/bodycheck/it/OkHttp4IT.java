package dev.bodycheck.it;

/** OkHttp 4.x. */
class OkHttp4IT extends OkHttpScenariosIT {
    @Override
    String libs() {
        return "okhttp4";
    }
}
