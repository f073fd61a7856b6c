package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CreationSiteTest {
    @Test
    void theCreatingThreadIsRecorded() {
        assertEquals(Thread.currentThread().getName(), new CreationSite().thread);
    }

    @Test
    void libraryFramesAreTrimmed() {
        StackTraceElement[] raw = {
            new StackTraceElement("dev.bodycheck.runtime.Tracker", "open", "Tracker.java", 1),
            new StackTraceElement("okhttp3.internal.connection.Exchange", "openResponseBody", "Exchange.kt", 2),
            new StackTraceElement("okhttp3.RealCall", "execute", "RealCall.kt", 3),
            new StackTraceElement("com.example.Heartbeat", "beat", "Heartbeat.java", 42),
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 5),
        };
        CreationSite site = new CreationSite();
        site.setStackTrace(raw);
        StackTraceElement[] frames = site.trace(TestClients.OKHTTP, ApplicationFrames.of(Config.defaults())).frames;
        assertEquals("com.example.Heartbeat.beat(Heartbeat.java:42)", CreationSite.format(frames[0]));
        assertEquals(2, frames.length);
    }

    @Test
    void codeRunningInsideTheLibraryIsSkippedUpToTheCallerOfTheEntryPoint() {
        StackTraceElement[] raw = {
            new StackTraceElement("okhttp3.internal.connection.Exchange", "openResponseBody", "Exchange.kt", 2),
            new StackTraceElement("io.tracing.TracingInterceptor", "intercept", "TracingInterceptor.java", 46),
            new StackTraceElement("okhttp3.internal.http.RealInterceptorChain", "proceed", "Chain.kt", 109),
            new StackTraceElement("okhttp3.internal.connection.RealCall", "execute", "RealCall.kt", 154),
            new StackTraceElement("com.example.Heartbeat", "beat", "Heartbeat.java", 42),
            new StackTraceElement("okhttp3.internal.connection.RealCall$AsyncCall", "run", "RealCall.kt", 517),
        };
        CreationSite site = new CreationSite();
        site.setStackTrace(raw);
        StackTraceElement[] frames = site.trace(TestClients.OKHTTP, ApplicationFrames.of(Config.defaults())).frames;
        assertEquals("com.example.Heartbeat.beat(Heartbeat.java:42)", CreationSite.format(frames[0]),
                "not the interceptor, and not what runs below the application (a callback's dispatcher)");
    }

    @Test
    void siteIdsAreStableShortAndDistinct() {
        StackTraceElement[] a = {new StackTraceElement("com.example.A", "m", "A.java", 10)};
        StackTraceElement[] b = {new StackTraceElement("com.example.A", "m", "A.java", 11)};
        assertEquals(CreationSite.siteId(a), CreationSite.siteId(a.clone()));
        assertTrue(CreationSite.siteId(a).matches("[0-9a-f]{8}"));
        assertNotEquals(CreationSite.siteId(a), CreationSite.siteId(b));
        // a fixed value: the id must not change between runs or JVMs
        assertEquals(CreationSite.siteId(a), CreationSite.siteId(new StackTraceElement[] {
            new StackTraceElement("com.example.A", "m", "Other.java", 10)}), "the file name is not part of it");
    }

    @Test
    void framesAreFormattedWithoutModuleOrLoaderNames() {
        StackTraceElement f = new StackTraceElement("app", "java.base", "17", "java.lang.Thread", "run",
                "Thread.java", 833);
        assertEquals("java.lang.Thread.run(Thread.java:833)", CreationSite.format(f));
    }
}
