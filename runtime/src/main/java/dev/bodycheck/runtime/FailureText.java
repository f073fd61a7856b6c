package dev.bodycheck.runtime;

/**
 * The text of a leak in a test failure, read in five seconds: one line with the request and the
 * application's line, then the application frames of the creation stack; the frames of the JDK, of
 * reflection and of test frameworks below them are folded into one "... n more" line.
 */
final class FailureText {
    /** Frames from here on are the machinery that ran the application's code, not the application. */
    private static final String[] MACHINERY = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.junit.", "junit.", "org.apache.maven.surefire.",
        "org.gradle.", "worker.org.gradle.", "org.testng.", "org.eclipse.jdt.internal.junit", "com.intellij.",
        "kotlin.", "kotlinx.coroutines.", "dev.bodycheck.runtime.", "dev.bodycheck.junit.",
    };

    private FailureText() {
    }

    static String of(BodyRef ref, String url, StackTraceElement[] frames) {
        StringBuilder sb = new StringBuilder(256).append(ref.client().id()).append(' ').append(ref.facts.method)
                .append(' ').append(url).append(" status=").append(ref.facts.status);
        if (frames == null || frames.length == 0) {
            return sb.append(" (creation stack not recorded: see the 'stacks' option)").toString();
        }
        sb.append(" at ").append(CreationSite.format(frames[0]));
        int i = 1;
        while (i < frames.length && !isMachinery(frames[i].getClassName())) {
            sb.append("\n\tat ").append(CreationSite.format(frames[i]));
            i++;
        }
        if (i < frames.length) {
            sb.append("\n\t... ").append(frames.length - i).append(" more");
        }
        return sb.toString();
    }

    private static boolean isMachinery(String className) {
        for (String prefix : MACHINERY) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
