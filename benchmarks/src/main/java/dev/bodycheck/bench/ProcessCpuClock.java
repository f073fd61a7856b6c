package dev.bodycheck.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * This process's CPU time in nanoseconds, to the nanosecond: the sum over its threads (Java, GC, JIT and the
 * agent's alike) of the time each has run, from {@code /proc/self/task/<tid>/schedstat}. The JDK's
 * {@code OperatingSystemMXBean.getProcessCpuTime()} counts in clock ticks (10 ms on Linux), which alone
 * blurs a 300 ms window by several per cent. A thread that ends between two readings takes its time with it:
 * {@link #since} counts a thread from its first reading (or from zero if it started in between), and each
 * thread's time only grows, so a window is never negative. The thread that reads the clock is left out: it
 * does nothing but wait and read, and its reading (a folder listing and a file per thread, about 0.1 ms) would
 * otherwise add the same cost to every window, pulling every ratio towards 1 the shorter the windows are.
 * Without {@code /proc}: the JDK's figure.
 */
final class ProcessCpuClock {
    private static final Path TASKS = Paths.get("/proc/self/task");
    /** Whether the JIT compilers' threads are left out: compiling is a one-off cost, not one per request. */
    static final boolean EXCLUDE_COMPILERS = !Boolean.getBoolean("withJit");
    private static final boolean PROC = Files.isReadable(TASKS.resolve(tidOfAny()).resolve("schedstat"));
    /** Whether each thread seen is a compiler thread, by thread id: a thread's kind never changes. */
    private static final Map<String, Boolean> COMPILERS = new java.util.concurrent.ConcurrentHashMap<>();

    private ProcessCpuClock() {
    }

    /** Whether the clock reads {@code /proc} (nanoseconds) rather than the JDK's 10 ms ticks. */
    static boolean precise() {
        return PROC;
    }

    /** Every thread's time now, by thread id (key -1 holds the JDK's figure without {@code /proc}). */
    static Map<String, Long> read() {
        Map<String, Long> times = new HashMap<>();
        if (!PROC) {
            times.put("-1", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime());
            return times;
        }
        String reader = currentTid();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String tid = task.getFileName().toString();
                    if (tid.equals(reader) || EXCLUDE_COMPILERS && isCompiler(tid, task)) {
                        continue;
                    }
                    String s = new String(Files.readAllBytes(task.resolve("schedstat")), StandardCharsets.US_ASCII);
                    times.put(task.getFileName().toString(), Long.parseLong(s.substring(0, s.indexOf(' '))));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while the folder was read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return times;
    }

    /** The CPU time used between {@code before} (a {@link #read}) and now. */
    static long since(Map<String, Long> before) {
        long sum = 0;
        for (Map.Entry<String, Long> now : read().entrySet()) {
            Long then = before.get(now.getKey());
            sum += Math.max(0, now.getValue() - (then == null ? 0 : then));
        }
        return sum;
    }

    /** A JIT compiler thread of HotSpot ("C1 CompilerThread0", "C2 CompilerThre..." in {@code comm}). */
    private static boolean isCompiler(String tid, Path task) throws IOException {
        Boolean known = COMPILERS.get(tid);
        if (known == null) {
            String name = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.US_ASCII);
            known = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") || name.startsWith("JVMCI");
            COMPILERS.put(tid, known);
        }
        return known;
    }

    /** The id of the calling thread's task ({@code /proc/thread-self} links to {@code <pid>/task/<tid>}). */
    private static String currentTid() {
        try {
            return Files.readSymbolicLink(Paths.get("/proc/thread-self")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return "none";
        }
    }

    private static String tidOfAny() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                return task.getFileName().toString();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "none";
    }
}
