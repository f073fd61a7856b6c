package dev.bodycheck.runtime;

/** The HTTP libraries whose bodies are tracked, with the id used in options and reports. */
public enum Client {
    JDK("jdk", "java.net.http.", "jdk.internal.net.http."),
    URLCONNECTION("urlconnection", "sun.net.www.", "java.net.", "javax.net.ssl.", "jdk.internal."),
    APACHE4("apache4", "org.apache.http."),
    APACHE5("apache5", "org.apache.hc."),
    OKHTTP("okhttp", "okhttp3.", "okio.", "kotlin."),
    REFERENCE("reference", "dev.bodycheck.transport.");

    private final String id;
    /** Frames of the library itself: a creation stack starts below them, at the application's line. */
    private final String[] framePrefixes;

    Client(String id, String... framePrefixes) {
        this.id = id;
        this.framePrefixes = framePrefixes;
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
