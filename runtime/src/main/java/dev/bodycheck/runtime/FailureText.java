package dev.bodycheck.runtime;

/**
 * The text of a leak in a test failure, read in five seconds: one line with the request and the
 * application's line, then the application frames of the creation stack down to the test method's, across
 * the JDK and framework frames between them (an executor, {@code computeIfAbsent}), which are counted on one
 * line. The test runner below the test method is never shown.
 */
final class FailureText {
    private FailureText() {
    }

    static String of(BodyRef ref, String url, ApplicationFrames.Trace trace) {
        StringBuilder sb = new StringBuilder(256).append(ref.client().id()).append(' ').append(ref.facts.method)
                .append(' ').append(url).append(" status=").append(ref.facts.status);
        if (trace == null || trace.frames.length == 0) {
            return sb.append(" (creation stack not recorded: see the 'stacks' option)").toString();
        }
        StackTraceElement[] shown = trace.application.length > 0 ? trace.application : trace.frames;
        sb.append(" at ").append(CreationSite.format(shown[0]));
        for (int i = 1; i < shown.length; i++) {
            sb.append("\n\tat ").append(CreationSite.format(shown[i]));
        }
        if (trace.frames.length > shown.length) {
            sb.append("\n\t... ").append(trace.frames.length - shown.length)
                    .append(" frames of the JDK and of libraries not shown");
        }
        return sb.toString();
    }
}
