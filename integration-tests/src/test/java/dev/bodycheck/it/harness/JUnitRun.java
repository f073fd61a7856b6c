package dev.bodycheck.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JUnit Platform console launcher run in a forked JVM, on test classes of dev.bodycheck.it.junitapp. */
public final class JUnitRun {
    private static final Pattern COUNT = Pattern.compile("\\[\\s+(\\d+) tests (successful|failed)\\s+\\]");
    private static final Pattern CASE = Pattern.compile("<testcase name=\"([^\"]+)\" classname=\"([^\"]+)\" time=\"([0-9.]+)\"");

    public final Result result;
    /** Test name to seconds, from the launcher's XML report. */
    public final Map<String, Double> seconds = new LinkedHashMap<>();
    private final List<String[]> cases = new ArrayList<>();

    private JUnitRun(Result result) {
        this.result = result;
    }

    /** Runs the classes ({@code junitapp} simple names) with the launcher of {@code junit} (junit5, junit6). */
    public static JUnitRun of(Fork fork, String junit, String base, String... classes)
            throws IOException, InterruptedException {
        Path reports = Files.createTempDirectory("bodycheck-junit");
        List<String> args = new ArrayList<>(List.of("execute", "--disable-banner", "--disable-ansi-colors",
                "--details=tree", "--reports-dir=" + reports));
        for (String c : classes) {
            args.add("--select-class=dev.bodycheck.it.junitapp." + c);
        }
        Result r = fork.libs("okhttp4").libs(junit).jvmArg("-Dit.base=" + base).jvmArg("-Dit.outcomes=true").mayFail()
                .run("org.junit.platform.console.ConsoleLauncher", args.toArray(new String[0]));
        JUnitRun run = new JUnitRun(r);
        try (var files = Files.list(reports)) {
            for (Path xml : (Iterable<Path>) files::iterator) {
                Matcher m = CASE.matcher(Files.readString(xml));
                while (m.find()) {
                    run.seconds.put(m.group(1), Double.parseDouble(m.group(3)));
                    run.cases.add(new String[] {m.group(2), m.group(3)});
                }
                Files.delete(xml);
            }
        }
        Files.delete(reports);
        return run;
    }

    /**
     * The failed tests and classes ({@code Class#test()} or {@code Class}) with their failure, as
     * {@code junitapp.Outcomes} printed them: the exception's class, ": ", its message.
     */
    public Map<String, String> failures() {
        Map<String, String> failed = new java.util.TreeMap<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("OUTCOME\t")) {
                String[] parts = line.split("\t", 4);
                String previous = failed.put(parts[2], parts[3].replace("\\n", "\n"));
                if (previous != null) {
                    throw new AssertionError("two outcomes for " + parts[2] + "\n" + result);
                }
            }
        }
        return failed;
    }

    /** The seconds of every test of a class ({@code junitapp} simple name), in report order. */
    public List<Double> secondsOf(String className) {
        List<Double> list = new ArrayList<>();
        for (String[] c : cases) {
            if (c[0].equals("dev.bodycheck.it.junitapp." + className)) {
                list.add(Double.parseDouble(c[1]));
            }
        }
        return list;
    }

    public int count(String kind) {
        Matcher m = COUNT.matcher(result.stdout());
        while (m.find()) {
            if (m.group(2).equals(kind)) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no '" + kind + "' count in the launcher's output\n" + result);
    }
}
