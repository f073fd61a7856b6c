package dev.bodycheck.it.harness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A fresh JVM running a test program, with the built agent jar on {@code -javaagent}. */
public final class Fork {
    private static final long TIMEOUT_SECONDS = 120;

    private final Jdk jdk;
    private final List<String> classpath = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private String agentOptions = "";
    private boolean agent = true;
    private boolean mayFail;
    private boolean defaultStacks;

    private Fork(Jdk jdk) {
        this.jdk = jdk;
        classpath.add(System.getProperty("it.classes"));
    }

    public static Fork on(Jdk jdk) {
        return new Fork(jdk);
    }

    public static Path agentJar() {
        Path jar = Paths.get(System.getProperty("it.agentJar", "../agent/target/bodycheck-agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the agent jar is not built: " + jar + " (run mvn verify at the root)");
        }
        return jar.toAbsolutePath().normalize();
    }

    /** Adds every jar of {@code target/libs/<name>} (one library version) to the class path. */
    public Fork libs(String name) {
        classpath.addAll(jars(name));
        return this;
    }

    private static List<String> jars(String name) {
        Path dir = Paths.get(System.getProperty("it.libs", "target/libs")).resolve(name);
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException("no libraries in " + dir, e);
        }
    }

    /** The test programs and these library versions, as one class path (for processes started by hand). */
    public static String classpath(String... libs) {
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("it.classes"));
        for (String name : libs) {
            cp.addAll(jars(name));
        }
        return String.join(File.pathSeparator, cp);
    }

    public Fork agentOptions(String options) {
        this.agentOptions = options;
        return this;
    }

    /**
     * Runs with the agent's default {@code stacks=auto}. Without this (and without {@code stacks=} in the
     * options) a fork records every body's stack ({@code -Dbodycheck.stacks=all}, which the agent's options
     * override): the tests of other things than that choice assert each leak's line.
     */
    public Fork defaultStacks() {
        this.defaultStacks = true;
        return this;
    }

    public Fork withoutAgent() {
        this.agent = false;
        return this;
    }

    /** Adds a path to the class path (the agent jar, for a program that attaches it itself). */
    public Fork classpathEntry(String path) {
        classpath.add(path);
        return this;
    }

    /** The program may exit with a non-zero code (a test launcher whose tests fail on purpose). */
    public Fork mayFail() {
        this.mayFail = true;
        return this;
    }

    public Fork jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** Runs {@code mainClass}; the agent writes JSON Lines to a fresh file, read back into the result. */
    public Result run(String mainClass, String... args) throws IOException, InterruptedException {
        return run(List.of("-cp", String.join(File.pathSeparator, classpath), mainClass), args);
    }

    /** Runs an executable jar ({@code java -jar}), with no other class path, as {@link #run} does a class. */
    public Result runJar(Path jar, String... args) throws IOException, InterruptedException {
        return run(List.of("-jar", jar.toString()), args);
    }

    private Result run(List<String> launch, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bodycheck-it");
        Path report = dir.resolve("report.jsonl");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        if (agent) {
            String options = "report=" + report + ",log=stderr" + (agentOptions.isEmpty() ? "" : "," + agentOptions);
            cmd.add("-javaagent:" + agentJar() + "=" + options);
        } else {
            // for an agent the program attaches itself
            cmd.add("-Dbodycheck.report=" + report);
            cmd.add("-Dbodycheck.log=stderr");
        }
        cmd.add("-Dit.report=" + report); // for a program that waits for an event of its own run
        if (!defaultStacks) {
            cmd.add("-Dbodycheck.stacks=all");
        }
        cmd.addAll(jvmArgs);
        cmd.addAll(launch);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("forked JVM did not finish in " + TIMEOUT_SECONDS + " s: " + cmd
                    + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        Result result = new Result(jdk, p.exitValue(), Files.readString(out), Files.readString(err),
                Events.read(report));
        for (Path f : List.of(report, out, err, dir)) {
            Files.deleteIfExists(f);
        }
        if (result.exitCode() != 0 && !mayFail) {
            throw new AssertionError("forked JVM exited with " + result.exitCode() + ": " + cmd + "\n" + result);
        }
        return result;
    }
}
