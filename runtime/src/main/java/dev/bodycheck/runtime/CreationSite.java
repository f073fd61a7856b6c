package dev.bodycheck.runtime;

/**
 * Where a body was created: the raw backtrace of the thread that made the request, filled in by the
 * VM at the cost of a native stack walk. It is turned into {@link StackTraceElement}s, trimmed and
 * hashed only when a report needs it.
 */
final class CreationSite extends Throwable {
    private static final long serialVersionUID = 1L;

    final String thread;
    final long threadId;
    /** The test whose work made the request ({@link HandOver}), taken once a test framework runs tests; else null. */
    final TestRun test;
    private volatile Cached cached;

    CreationSite() {
        super(null, null, false, true);
        Thread current = Thread.currentThread();
        this.thread = current.getName();
        this.threadId = current.getId();
        this.test = RunningTests.used() ? HandOver.current() : null;
    }

    /**
     * The stack from the application's line, the framework frames above it and the site id, as
     * {@code rules} choose them for a body of {@code client} (see {@link ApplicationFrames#trace}).
     */
    ApplicationFrames.Trace trace(Client client, ApplicationFrames rules) {
        Cached c = cached;
        if (c == null || c.rules != rules || c.client != client) {
            c = new Cached(rules, client, rules.trace(getStackTrace(), client));
            cached = c;
        }
        return c.trace;
    }

    private static final class Cached {
        final ApplicationFrames rules;
        final Client client;
        final ApplicationFrames.Trace trace;

        Cached(ApplicationFrames rules, Client client, ApplicationFrames.Trace trace) {
            this.rules = rules;
            this.client = client;
            this.trace = trace;
        }
    }

    /**
     * A short id that is the same for the same frames in every run: FNV-1a over class, method and line of
     * each (a stack with no application frame, and the path of application frames below a site's line).
     */
    static String siteId(StackTraceElement[] frames) {
        int h = 0x811c9dc5;
        for (StackTraceElement f : frames) {
            h = fnv(h, f.getClassName());
            h = fnv(h, f.getMethodName());
            h = (h ^ f.getLineNumber()) * 0x01000193;
        }
        return hex(h);
    }

    /**
     * The id of a site: the client and the application's line, so that one line is one site whatever called it
     * and whatever framework path led from it to the library.
     */
    static String siteId(Client client, StackTraceElement line) {
        int h = fnv(0x811c9dc5, client.id());
        h = fnv(h, line.getClassName());
        h = fnv(h, line.getMethodName());
        return hex((h ^ line.getLineNumber()) * 0x01000193);
    }

    /** The id of a body whose stack was not recorded: by client, method and URL path. */
    static String siteId(Client client, String method, String redactedUrl) {
        int h = 0x811c9dc5;
        h = fnv(h, client.id());
        h = fnv(h, method);
        h = fnv(h, redactedUrl);
        return hex(h);
    }

    /** A frame as {@code class.method(File.java:42)}, without module or class loader names. */
    static String format(StackTraceElement f) {
        String where;
        if (f.isNativeMethod()) {
            where = "Native Method";
        } else if (f.getFileName() == null) {
            where = "Unknown Source";
        } else if (f.getLineNumber() >= 0) {
            where = f.getFileName() + ":" + f.getLineNumber();
        } else {
            where = f.getFileName();
        }
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
    }

    private static int fnv(int h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        return (h ^ 0xff) * 0x01000193;
    }

    private static String hex(int h) {
        String s = Integer.toHexString(h);
        return "00000000".substring(s.length()) + s;
    }
}
