package dev.bodycheck.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code mvn -B -o test} on a copy of {@code samples/surefire-app}: a user's project with Surefire, the agent
 * on its argLine. Offline: its plugins and libraries are the ones this build resolved.
 */
public final class SurefireRun {
    private static final long TIMEOUT_SECONDS = 300;
    private static final Pattern CASE = Pattern.compile(
            "<testcase name=\"([^\"]*)\" classname=\"([^\"]+)\" time=\"([0-9.,]+)\"(/>|>(.*?)</testcase>)", Pattern.DOTALL);
    private static final Pattern FAILURE = Pattern.compile("<(failure|error) message=\"([^\"]*)\"[^>]*>(.*?)</\\1>",
            Pattern.DOTALL);

    /** Maven's output, as the user sees it. */
    public final String output;
    public final int exitCode;
    /** The text of the file named by {@link #withPlugin}'s {@code keep}, or null if there was none. */
    public String kept;
    /** {@code Class#test} (or {@code Class} for a class that failed as a whole) to the failure's message. */
    public final Map<String, String> failures = new TreeMap<>();
    /** The same to the failure as the report prints it (the error's {@code printStackTrace}). */
    public final Map<String, String> printed = new TreeMap<>();

    private SurefireRun(String output, int exitCode) {
        this.output = output;
        this.exitCode = exitCode;
    }

    /** Runs the test class {@code test} with the agent options and these {@code -D} properties for the sample. */
    public static SurefireRun of(Jdk jdk, String test, String agentOptions, String jvmArgs, List<String> properties)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-Dmaven.repo.local=" + System.getProperty("it.localRepository"),
                "-Djvm=" + jdk.java(), "-Dtest=" + test, "-Dbodycheck.jar=" + Fork.agentJar(),
                "-Dbodycheck.options=log=stderr" + (agentOptions.isEmpty() ? "" : "," + agentOptions),
                "-Dsample.jvmArgs=" + jvmArgs));
        args.addAll(properties);
        args.add(0, "test");
        return run("surefire-app", args, null);
    }

    /**
     * Runs {@code samples/plugin-app}, which takes the agent from {@code bodycheck-maven-plugin}, against a local
     * repository that is the shared one plus this build's plugin, agent and parent pom ({@link PluginRepository}),
     * with {@code mvn verify} and these {@code -D} properties. {@code keep} names a file of the sample (relative to
     * it) whose text is kept in {@link #kept}.
     */
    public static SurefireRun withPlugin(Jdk jdk, String keep, String... properties)
            throws IOException, InterruptedException {
        Path repo = PluginRepository.create();
        try {
            List<String> args = new ArrayList<>(List.of("verify", "-Dmaven.repo.local=" + repo, "-Djvm=" + jdk.java(),
                    "-Dbodycheck.version=" + System.getProperty("it.version")));
            args.addAll(List.of(properties));
            return run("plugin-app", args, keep);
        } finally {
            PluginRepository.delete(repo);
        }
    }

    private static SurefireRun run(String sampleName, List<String> args, String keep)
            throws IOException, InterruptedException {
        Path copy = SampleBuild.copy(sampleName);
        List<String> cmd = new ArrayList<>(List.of(SampleBuild.maven(), "-B", "-o"));
        cmd.addAll(args);
        Path out = copy.resolve("mvn-output.txt");
        Process p = new ProcessBuilder(cmd).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("mvn did not finish in " + TIMEOUT_SECONDS + " s: " + cmd + "\n" + Files.readString(out));
        }
        SurefireRun run = new SurefireRun(Files.readString(out), p.exitValue());
        if (keep != null && Files.exists(copy.resolve(keep))) {
            run.kept = Files.readString(copy.resolve(keep));
        }
        Path reports = copy.resolve("target/surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> xmls = Files.list(reports)) {
                for (Path xml : (Iterable<Path>) xmls.filter(f -> f.toString().endsWith(".xml"))::iterator) {
                    Matcher m = CASE.matcher(Files.readString(xml));
                    while (m.find()) {
                        String body = m.group(5);
                        Matcher f = body != null ? FAILURE.matcher(body) : null;
                        if (f != null && f.find()) {
                            String cls = m.group(2).substring(m.group(2).lastIndexOf('.') + 1);
                            String name = m.group(1).isEmpty() || m.group(1).equals(m.group(2)) ? cls : cls + "#" + m.group(1);
                            run.failures.put(name, unescape(f.group(2)));
                            String text = f.group(3).strip();
                            run.printed.put(name, text.startsWith("<![CDATA[") && text.endsWith("]]>")
                                    ? text.substring(9, text.length() - 3).strip() : unescape(text));
                        }
                    }
                }
            }
        }
        SampleBuild.delete(copy);
        return run;
    }

    private static String unescape(String xml) {
        return xml.replace("&#10;", "\n").replace("&#9;", "\t").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", failures " + failures.keySet() + "\n--- mvn output\n" + output;
    }
}
