package dev.bodycheck.it.app;

import java.util.HashSet;
import java.util.Set;

/** Prints {@code MARK key frame}: the caller's own line, formatted as the agent formats stack frames. */
public final class Mark {
    private static final Set<String> SEEN = new HashSet<>();

    private Mark() {
    }

    public static synchronized void here(String key) {
        if (SEEN.add(key)) {
            StackTraceElement f = new Throwable().getStackTrace()[1];
            System.out.println("MARK " + key + " " + f.getClassName() + "." + f.getMethodName() + "("
                    + f.getFileName() + ":" + f.getLineNumber() + ")");
        }
    }
}
