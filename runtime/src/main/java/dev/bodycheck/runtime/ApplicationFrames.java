package dev.bodycheck.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which frame of a creation stack is the application's: the first whose class was loaded from the
 * application's own code ({@link CodeOrigins}: a class directory, {@code BOOT-INF/classes}, {@code WEB-INF/classes})
 * and is not the JDK, the agent, a test runner or a generated class. Where a class's origin cannot tell (no
 * code source, the launched jar), the built-in list decides: {@link #FRAMEWORKS} and the other constants here,
 * and nowhere else. {@code skipPackages} adds to both and {@code appPackages} names the application's own
 * packages outright. docs/configuration.md says the same.
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
    /**
     * Test frameworks, runners and build tools' test workers: never the application. A creation stack that ends
     * in them is cut there, after the test method's frame.
     */
    static final String[] TEST_RUNNERS = {
        "org.junit.", "junit.", "org.testng.", "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.",
        "org.gradle.", "worker.org.gradle.", "org.eclipse.jdt.internal.junit", "com.intellij.rt.",
        "org.spockframework.", "io.kotest.", "org.scalatest.",
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
        /** From the application's line (stack[0]) to the test method's frame or the thread's entry point. */
        final StackTraceElement[] frames;
        /** The framework frames just above the application's line, nearest first, at most {@link #MAX_VIA}. */
        final StackTraceElement[] via;
        /** How many framework frames there were in all (more than {@code via.length} when cut). */
        final int viaTotal;
        /** The client and the application's line: one site per line to fix. */
        final String siteId;
        /** The application frames below stack[0]: the path that led to the line. */
        final StackTraceElement[] path;
        /** The id of {@link #path}. */
        final String pathId;
        /** The frame of the test method that ran the request, when the stack went through one; else null. */
        final StackTraceElement testFrame;
        /** The frames of {@link #frames} that are the application's (stack[0] first), to show in a test failure. */
        final StackTraceElement[] application;

        Trace(StackTraceElement[] frames, StackTraceElement[] via, int viaTotal, String siteId,
                StackTraceElement[] path, StackTraceElement testFrame, StackTraceElement[] application) {
            this.frames = frames;
            this.via = via;
            this.viaTotal = viaTotal;
            this.siteId = siteId;
            this.path = path;
            this.pathId = CreationSite.siteId(path);
            this.testFrame = testFrame;
            this.application = application;
        }
    }

    static final int MAX_VIA = 5;

    /**
     * Trims {@code all} (innermost first) for {@code client}: below the topmost of the library's entry methods
     * if one is on the stack (code running inside the library, such as an interceptor, is not the
     * application), then past every frame that is not the application's, or, with {@code appPackages}, up to
     * the first frame in them (if there is none, the automatic choice); the test method's frame if nothing else
     * is left. A stack that ends in a test runner ends at the test method. With no application frame at all (a
     * library's own thread), the whole stack is shown and hashed.
     */
    Trace trace(StackTraceElement[] all, Client client) {
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (client.isEntryFrame(all[i])) {
                start = i + 1;
                break;
            }
        }
        CodeOrigins.Origin[] origins = CodeOrigins.of(all, start);
        int end = runnerStart(all, start);
        int test = end < all.length && end > start ? end - 1 : -1;
        int app = -1;
        if (appPackages.length > 0) {
            for (int i = start; i < end && app < 0; i++) {
                if (isInAppPackages(all[i].getClassName())) {
                    app = i;
                }
            }
        }
        boolean byAppPackages = app >= 0;
        for (int i = start; i < end && app < 0; i++) {
            if (!isSkipped(all[i], origins[i], client)) {
                app = i;
            }
        }
        if (app < 0) {
            app = test;
        }
        if (app < 0) {
            StackTraceElement[] frames = all.clone();
            return new Trace(frames, new StackTraceElement[0], 0, CreationSite.siteId(frames),
                    new StackTraceElement[0], null, new StackTraceElement[0]);
        }
        List<StackTraceElement> via = new ArrayList<>();
        int viaTotal = 0;
        for (int i = app - 1; i >= start; i--) {
            if (isShownAsVia(all[i], origins[i], client, byAppPackages)) {
                viaTotal++;
                if (via.size() < MAX_VIA) {
                    via.add(all[i]);
                }
            }
        }
        StackTraceElement[] frames = Arrays.copyOfRange(all, app, end);
        List<StackTraceElement> application = new ArrayList<>(frames.length);
        application.add(all[app]);
        for (int i = app + 1; i < end; i++) {
            if (i == test || (byAppPackages ? isInAppPackages(all[i].getClassName())
                    : !isSkipped(all[i], origins[i], client))) {
                application.add(all[i]);
            }
        }
        StackTraceElement[] path = application.subList(1, application.size()).toArray(new StackTraceElement[0]);
        return new Trace(frames, via.toArray(new StackTraceElement[0]), viaTotal,
                CreationSite.siteId(client, all[app]), path, test >= 0 ? all[test] : null,
                application.toArray(new StackTraceElement[0]));
    }

    /**
     * Where the machinery that ran a test begins: the outermost frames of {@code all} when they are the JDK, test
     * runners or generated classes, and at least one is a test runner; {@code all.length} if the stack does not end
     * in a test runner. The frame just above is the test method's.
     */
    static int runnerStart(StackTraceElement[] all, int from) {
        boolean runner = false;
        int i = all.length;
        while (i > from) {
            String c = all[i - 1].getClassName();
            if (startsWithAny(c, TEST_RUNNERS)) {
                runner = true;
            } else if (!startsWithAny(c, PLATFORM) && !isGenerated(c)) {
                break;
            }
            i--;
        }
        return runner ? i : all.length;
    }

    private boolean isInAppPackages(String className) {
        return startsWithAny(className, appPackages) && !isGenerated(className);
    }

    /**
     * Not the application's: the JDK, the agent, a test runner, a generated class, skipPackages; then a class
     * loaded from a library (a dependency jar), and where the origin cannot tell, an HTTP library or a framework
     * on the built-in list.
     */
    boolean isSkipped(StackTraceElement frame, CodeOrigins.Origin origin, Client client) {
        String c = frame.getClassName();
        if (isMachinery(c) || startsWithAny(c, skipPackages)) {
            return true;
        }
        switch (origin) {
            case APPLICATION:
                return false;
            case LIBRARY:
                return true;
            default:
                return isLibrary(c, client) || startsWithAny(c, FRAMEWORKS);
        }
    }

    /**
     * A skipped frame worth naming on the via line: a framework's or a library's the application called, not the
     * JDK's, the agent's, a test runner's, an HTTP library's or a generated one.
     */
    private boolean isShownAsVia(StackTraceElement frame, CodeOrigins.Origin origin, Client client,
            boolean byAppPackages) {
        String c = frame.getClassName();
        if (isMachinery(c) || isLibrary(c, client)) {
            return false;
        }
        // with appPackages, any other code between the library and the application's line is a framework
        return byAppPackages || isSkipped(frame, origin, client);
    }

    /** Never the application and never named: the JDK, the agent, test runners, generated classes. */
    private static boolean isMachinery(String className) {
        return startsWithAny(className, PLATFORM) || startsWithAny(className, AGENT)
                || startsWithAny(className, TEST_RUNNERS) || isGenerated(className);
    }

    /** An HTTP library: this client's frames, every registered one's, and the built-in list. */
    private static boolean isLibrary(String className, Client client) {
        return startsWithAny(className, HTTP_LIBRARIES) || client.isLibraryFrame(className)
                || Clients.isLibraryFrame(className);
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

    static boolean startsWithAny(String className, String[] prefixes) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
