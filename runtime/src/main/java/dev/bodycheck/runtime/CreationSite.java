package dev.bodycheck.runtime;

/**
 * Where a body was created: the raw backtrace of the thread that made the request, filled in by the
 * VM at the cost of a native stack walk. It is turned into {@link StackTraceElement}s, trimmed and
 * hashed only when a report needs it.
 */
final class CreationSite extends Throwable {
    private static final long serialVersionUID = 1L;
    private static final String[] AGENT_PREFIXES = {
        "dev.bodycheck.runtime.", "dev.bodycheck.agent.", "dev.bodycheck.instrument."
    };

    final String thread;
    final long threadId;
    private volatile StackTraceElement[] trimmed;

    CreationSite() {
        super(null, null, false, true);
        Thread current = Thread.currentThread();
        this.thread = current.getName();
        this.threadId = current.getId();
    }

    /**
     * The stack from the application's line: below the topmost entry into the library if there is one,
     * then past any frame of the agent or the library.
     */
    StackTraceElement[] frames(Client client) {
        StackTraceElement[] t = trimmed;
        if (t == null) {
            StackTraceElement[] all = getStackTrace();
            int first = 0;
            for (int i = 0; i < all.length; i++) {
                if (client.isEntryFrame(all[i])) {
                    first = i + 1;
                    break;
                }
            }
            while (first < all.length && (isAgentFrame(all[first].getClassName())
                    || client.isLibraryFrame(all[first].getClassName()))) {
                first++;
            }
            if (first == all.length) {
                first = 0; // no application frame at all (a library's own thread): show everything
            }
            t = java.util.Arrays.copyOfRange(all, first, all.length);
            trimmed = t;
        }
        return t;
    }

    private static boolean isAgentFrame(String className) {
        for (String prefix : AGENT_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A short id that is the same for the same stack in every run: FNV-1a over the frames. */
    static String siteId(StackTraceElement[] frames) {
        int h = 0x811c9dc5;
        for (StackTraceElement f : frames) {
            h = fnv(h, f.getClassName());
            h = fnv(h, f.getMethodName());
            h = (h ^ f.getLineNumber()) * 0x01000193;
        }
        return hex(h);
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
