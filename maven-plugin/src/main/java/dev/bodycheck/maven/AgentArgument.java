package dev.bodycheck.maven;

import java.io.File;
import java.util.Map;

/** The {@code -javaagent:} argument for a jar and its options, and how it joins an existing {@code argLine}. */
final class AgentArgument {
    private AgentArgument() {
    }

    /**
     * {@code -javaagent:JAR=key=value,...}: options in the order given, {@code null} values left out, a comma or
     * {@code =} in a value written with a backslash before it (the agent's own escape). The whole argument is
     * quoted when it holds a space, as Surefire splits {@code argLine} at spaces outside quotes.
     */
    static String of(File jar, Map<String, String> options) {
        StringBuilder opts = new StringBuilder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getValue() == null || e.getValue().trim().isEmpty()) {
                continue;
            }
            opts.append(opts.length() > 0 ? "," : "").append(e.getKey()).append('=')
                    .append(e.getValue().trim().replace(",", "\\,").replace("=", "\\="));
        }
        String arg = "-javaagent:" + jar.getAbsolutePath() + (opts.length() > 0 ? "=" + opts : "");
        return arg.indexOf(' ') >= 0 ? '"' + arg + '"' : arg;
    }

    /** The agent first, then what the property held (JaCoCo's order). */
    static String join(String agent, String existing) {
        return existing == null || existing.trim().isEmpty() ? agent : agent + ' ' + existing.trim();
    }
}
