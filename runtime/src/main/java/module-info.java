/**
 * The bootstrap-visible core of bodycheck. It reads the JDK only: no HTTP library, no Byte Buddy; this
 * descriptor is how the compiler holds it to that. At run time the agent puts these classes on the
 * bootstrap class path, where they form part of the unnamed module and this descriptor is not read.
 */
module dev.bodycheck.runtime {
    requires java.management;
    // the JFR events: the runtime records them only where the module is present (LeakEvents)
    requires static jdk.jfr;
    // JUL, written to directly when the System.Logger is the JDK's own (LogSink)
    requires static java.logging;

    exports dev.bodycheck;
    exports dev.bodycheck.runtime;
    exports dev.bodycheck.runtime.lib.webclient;
    exports dev.bodycheck.runtime.lib.apache5async;
    exports dev.bodycheck.runtime.lib.vertx;
    exports dev.bodycheck.runtime.lib.asynchttpclient;
}
