package dev.bodycheck.runtime;

/** The HTTP libraries whose bodies are tracked, with the id used in options and reports. */
public enum Client {
    JDK("jdk", "java.net.http.", "jdk.internal.net.http."),
    URLCONNECTION("urlconnection", "sun.net.www.", "java.net.", "javax.net.ssl.", "jdk.internal."),
    APACHE4("apache4", "org.apache.http."),
    APACHE5("apache5", "org.apache.hc."),
    OKHTTP("okhttp", "okhttp3.", "okio.", "kotlin."),
    REFERENCE("reference", "dev.bodycheck.transport.");

    static {
        OKHTTP.entries("okhttp3.RealCall.execute", "okhttp3.RealCall.enqueue",
                "okhttp3.internal.connection.RealCall.execute", "okhttp3.internal.connection.RealCall.enqueue");
        REFERENCE.entries("dev.bodycheck.transport.Transport.execute");
    }

    private final String id;
    /** Frames of the library itself: a creation stack starts below them, at the application's line. */
    private final String[] framePrefixes;
    /**
     * The methods through which an application makes a request ({@code class.method}). The frame that
     * called the topmost of them is the application's line, even when other code runs inside the library
     * above it (interceptors, another agent's tracing).
     */
    private String[] entries = new String[0];

    Client(String id, String... framePrefixes) {
        this.id = id;
        this.framePrefixes = framePrefixes;
    }

    private void entries(String... methods) {
        this.entries = methods;
    }

    boolean isEntryFrame(StackTraceElement frame) {
        for (String e : entries) {
            int dot = e.lastIndexOf('.');
            if (frame.getMethodName().equals(e.substring(dot + 1))
                    && frame.getClassName().regionMatches(0, e, 0, dot) && frame.getClassName().length() == dot) {
                return true;
            }
        }
        return false;
    }

    public String id() {
        return id;
    }

    boolean isLibraryFrame(String className) {
        for (String prefix : framePrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The client with this id, or null. */
    public static Client byId(String id) {
        for (Client c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        return null;
    }
}
