package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which frame of a creation stack is the application's: the first that is not the JDK, the agent, an HTTP
 * library or one of the client frameworks that call them. The built-in list of what is skipped is
 * {@link #FRAMEWORKS} and the other constants here, and nowhere else; {@code skipPackages} adds to it and
 * {@code appPackages} names the application's own packages outright. docs/configuration.md lists them.
 */
final class ApplicationFrames {
    /** The JDK: skipped, and never shown on the {@code via} line. */
    static final String[] PLATFORM = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    /** This agent, its transport and its test API: skipped, never shown. */
    static final String[] AGENT = {
        "dev.bodycheck.runtime.", "dev.bodycheck.agent.", "dev.bodycheck.instrument.", "dev.bodycheck.transport.",
        "dev.bodycheck.junit.", "dev.bodycheck.shaded.",
    };
    /**
     * HTTP libraries, besides the frame prefixes each registered client declares: skipped, never shown (the
     * report's client id already says which library it was).
     */
    static final String[] HTTP_LIBRARIES = {
        "okhttp3.", "okio.", "org.apache.http.", "org.apache.hc.", "org.eclipse.jetty.", "io.netty.",
    };
    /**
     * The client frameworks and their plumbing between the application and the HTTP library: skipped, and
     * shown on the {@code via} line (the frames the application called into).
     */
    static final String[] FRAMEWORKS = {
        // Spring's HTTP clients (RestTemplate, RestClient, WebClient, HTTP interfaces), its proxies and Cloud OpenFeign
        "org.springframework.web.", "org.springframework.http.", "org.springframework.aop.",
        "org.springframework.cglib.", "org.springframework.cloud.openfeign.", "org.springframework.retry.",
        "io.micrometer.",
        // declarative and JAX-RS clients
        "feign.", "retrofit2.", "jakarta.ws.rs.", "org.glassfish.jersey.", "org.glassfish.hk2.", "org.jvnet.hk2.",
        "org.jboss.resteasy.",
        // SDK clients
        "com.google.api.client.", "com.google.api.services.", "software.amazon.awssdk.", "com.amazonaws.",
        // reactive and coroutine plumbing, other JVM languages' call sites
        "reactor.", "kotlinx.coroutines.", "kotlin.", "io.reactivex.", "org.codehaus.groovy.", "groovy.",
        // other agents weaving the same calls
        "io.opentelemetry.javaagent.", "io.opentelemetry.instrumentation.", "datadog.", "co.elastic.apm.",
        "com.newrelic.",
    };

    private static volatile ApplicationFrames current;

    private final String[] appPackages;
    private final String[] skipPackages;
    private final Config config;

    private ApplicationFrames(Config config) {
        this.config = config;
        this.appPackages = config.appPackages().toArray(new String[0]);
        this.skipPackages = config.skipPackages().toArray(new String[0]);
    }

    /** The rules of these options (one instance per {@link Config}, reused). */
    static ApplicationFrames of(Config config) {
        ApplicationFrames c = current;
        if (c == null || c.config != config) {
            c = new ApplicationFrames(config);
            current = c;
        }
        return c;
    }

    /** What a creation stack shows: the frames from the application's line, the frameworks above it, its site id. */
    static final class Trace {
        final StackTraceElement[] frames;
        /** The framework frames just above the application's line, nearest first, at most {@link #MAX_VIA}. */
        final StackTraceElement[] via;
        /** How many framework frames there were in all (more than {@code via.length} when cut). */
        final int viaTotal;
        final String siteId;

        Trace(StackTraceElement[] frames, StackTraceElement[] via, int viaTotal, String siteId) {
            this.frames = frames;
            this.via = via;
            this.viaTotal = viaTotal;
            this.siteId = siteId;
        }
    }

    static final int MAX_VIA = 5;

    /**
     * Trims {@code all} (innermost first) for {@code client}: below the topmost of the library's entry methods
     * if one is on the stack (code running inside the library, such as an interceptor, is not the
     * application), then past every skipped frame, or, with {@code appPackages}, up to the first frame in
     * them (if there is none, the automatic choice). With no application frame at all (a library's own
     * thread), the whole stack is shown and hashed.
     */
    Trace trace(StackTraceElement[] all, Client client) {
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (client.isEntryFrame(all[i])) {
                start = i + 1;
                break;
            }
        }
        int app = -1;
        if (appPackages.length > 0) {
            for (int i = start; i < all.length && app < 0; i++) {
                if (startsWithAny(all[i].getClassName(), appPackages)) {
                    app = i;
                }
            }
        }
        boolean byAppPackages = app >= 0;
        if (app < 0) {
            for (int i = start; i < all.length && app < 0; i++) {
                if (!isSkipped(all[i], client)) {
                    app = i;
                }
            }
        }
        if (app < 0) {
            StackTraceElement[] frames = all.clone();
            return new Trace(frames, new StackTraceElement[0], 0, CreationSite.siteId(frames));
        }
        List<StackTraceElement> via = new ArrayList<>();
        int viaTotal = 0;
        for (int i = app - 1; i >= start; i--) {
            if (isShownAsVia(all[i], client, byAppPackages)) {
                viaTotal++;
                if (via.size() < MAX_VIA) {
                    via.add(all[i]);
                }
            }
        }
        StackTraceElement[] frames = Arrays.copyOfRange(all, app, all.length);
        List<StackTraceElement> application = new ArrayList<>(frames.length);
        for (StackTraceElement f : frames) {
            if (byAppPackages ? startsWithAny(f.getClassName(), appPackages) : !isSkipped(f, client)) {
                application.add(f);
            }
        }
        return new Trace(frames, via.toArray(new StackTraceElement[0]), viaTotal,
                CreationSite.siteId(application.toArray(new StackTraceElement[0])));
    }

    /** Not the application's: the JDK, the agent, an HTTP library, a framework, a generated class, skipPackages. */
    boolean isSkipped(StackTraceElement frame, Client client) {
        String c = frame.getClassName();
        return isHidden(c, client) || startsWithAny(c, FRAMEWORKS) || startsWithAny(c, skipPackages);
    }

    /** A skipped frame worth naming on the via line: a framework's, not the JDK's, a library's or a generated one. */
    private boolean isShownAsVia(StackTraceElement frame, Client client, boolean byAppPackages) {
        String c = frame.getClassName();
        if (isHidden(c, client)) {
            return false;
        }
        // with appPackages, any other code between the library and the application's line is a framework
        return byAppPackages || startsWithAny(c, FRAMEWORKS) || startsWithAny(c, skipPackages);
    }

    /** Skipped and never named: the JDK, the agent, HTTP libraries (this client's and every registered one's), generated classes. */
    private static boolean isHidden(String className, Client client) {
        return startsWithAny(className, PLATFORM) || startsWithAny(className, AGENT)
                || startsWithAny(className, HTTP_LIBRARIES) || client.isLibraryFrame(className)
                || Clients.isLibraryFrame(className) || isGenerated(className);
    }

    /**
     * A class made at run time: a lambda's or a method reference's class ({@code Foo$$Lambda$14/0x..}; the
     * method that holds the lambda's body, {@code Foo.lambda$main$0}, is the application's), a
     * {@link java.lang.reflect.Proxy} (named {@code $ProxyN}, in {@code jdk.proxyN} or in the interface's own
     * package when that is not public), CGLIB, Spring's and Byte Buddy's subclasses (their names hold
     * {@code $$}). Kotlin's {@code $$inlined$} classes hold the application's inlined code: not generated.
     */
    static boolean isGenerated(String className) {
        int simple = className.lastIndexOf('.') + 1;
        if (className.startsWith("$Proxy", simple)) {
            return true;
        }
        int dd = className.indexOf("$$");
        return dd >= 0 && !className.startsWith("$$inlined$", dd);
    }

    private static boolean startsWithAny(String className, String[] prefixes) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
