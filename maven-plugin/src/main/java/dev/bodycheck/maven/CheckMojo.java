package dev.bodycheck.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * {@code bodycheck:check} (phase {@code verify}, after the tests, like JaCoCo's {@code check}): reads the run's
 * report file (JSON Lines, one {@code summary} per JVM that ran with the agent) and fails the build when it holds
 * leaks that no test's work made ({@code unattributed}: they failed no test), or, with {@code failOnLeak}, any leak
 * at all. Its parameters are in {@code META-INF/maven/plugin.xml}.
 */
public class CheckMojo extends AbstractMojo {
    private static final Pattern EVENT = Pattern.compile("\"event\":\"([a-z-]+)\"");

    // injected by Maven (see plugin.xml)
    private File report;
    private boolean failOnLeak;
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("bodycheck: check skipped");
            return;
        }
        if (report == null || !report.isFile()) {
            getLog().info("bodycheck: no report file " + report + " (no test ran with the agent): nothing to check");
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(report.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("bodycheck: cannot read the report file " + report, e);
        }
        Counts counts = Counts.of(lines);
        String found = counts.leaks + (counts.leaks == 1 ? " leak" : " leaks") + ", " + counts.unattributed
                + " unattributed, in " + counts.summaries + (counts.summaries == 1 ? " JVM" : " JVMs");
        if (counts.unattributed > 0) {
            throw new MojoFailureException("bodycheck: " + counts.unattributed + (counts.unattributed == 1
                    ? " response body leaked" : " response bodies leaked") + " that no test's work made (unattributed:"
                    + " they failed no test); see the LEAK reports in the test output and " + report + " (" + found + ")");
        }
        if (failOnLeak && counts.leaks > 0) {
            throw new MojoFailureException("bodycheck: " + counts.leaks + (counts.leaks == 1 ? " response body" : " response bodies")
                    + " leaked (failOnLeak=true); see " + report + " (" + found + ")");
        }
        getLog().info("bodycheck: " + found);
    }

    /** What a report file holds: leak events, and the unattributed leaks of its summaries. */
    static final class Counts {
        long leaks;
        long unattributed;
        int summaries;

        static Counts of(List<String> lines) {
            Counts c = new Counts();
            for (String line : lines) {
                Matcher event = EVENT.matcher(line);
                if (!event.find()) {
                    continue;
                }
                if (event.group(1).equals("leak")) {
                    c.leaks++;
                } else if (event.group(1).equals("summary")) {
                    c.summaries++;
                    c.unattributed += topLevelNumber(line, "unattributed");
                }
            }
            return c;
        }

        /** The number of the object's own field {@code name} (not of an object inside it); 0 if none. */
        static long topLevelNumber(String json, String name) {
            String key = "\"" + name + "\":";
            int depth = 0;
            boolean inString = false;
            for (int i = 0; i < json.length(); i++) {
                char ch = json.charAt(i);
                if (inString) {
                    if (ch == '\\') {
                        i++;
                    } else if (ch == '"') {
                        inString = false;
                    }
                } else if (ch == '{' || ch == '[') {
                    depth++;
                } else if (ch == '}' || ch == ']') {
                    depth--;
                } else if (ch == '"') {
                    if (depth == 1 && json.startsWith(key, i)) {
                        int start = i + key.length();
                        int end = start;
                        while (end < json.length() && Character.isDigit(json.charAt(end))) {
                            end++;
                        }
                        return end > start ? Long.parseLong(json.substring(start, end)) : 0;
                    }
                    inString = true;
                }
            }
            return 0;
        }
    }
}
