package dev.bodycheck.bench;

import dev.bodycheck.runtime.ResponseFacts;
import dev.bodycheck.runtime.Tracker;
import java.io.File;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What choosing the application's frames costs a report (never a request): the first report of a JVM, which walks
 * the loaded classes once to learn where the classes of its stack came from, and later reports of new bodies, whose
 * classes are known by then. Each body has a 60-frame creation stack; the JVM first loads every class of this jar
 * (JMH, OkHttp, Apache HttpClient, ...) so that there are many classes to walk. Run with the agent:
 * {@code java -javaagent:bodycheck-agent.jar=log=none -cp benchmarks.jar dev.bodycheck.bench.FrameChoice}.
 */
public final class FrameChoice {
    private static final int BODIES = 2000;
    private static final List<Object> KEPT = new ArrayList<>();

    private FrameChoice() {
    }

    public static void main(String[] args) throws Exception {
        int loaded = loadEveryClassOf(new File(FrameChoice.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        openAt(60);
        long t0 = System.nanoTime();
        Tracker.dumpOpen(); // one body: the walk of the loaded classes, then its trace
        long first = System.nanoTime() - t0;
        for (int round = 0; round < 3; round++) { // later reports: every class known; rounds 1-2 after the JIT warmed
            for (int i = 0; i < BODIES; i++) {
                openAt(60);
            }
            t0 = System.nanoTime();
            Tracker.dumpOpen();
            long later = System.nanoTime() - t0;
            if (round == 2) {
                System.out.printf("classes loaded %d (%d of this jar), first report %.2f ms, later %.1f us per body%n",
                        Class.forName("java.lang.management.ManagementFactory").getMethod("getClassLoadingMXBean")
                                .invoke(null) instanceof java.lang.management.ClassLoadingMXBean b
                                ? b.getLoadedClassCount() : -1, loaded, first / 1e6, later / 1e3 / BODIES);
            }
        }
    }

    private static void openAt(int depth) {
        if (depth > 1) {
            openAt(depth - 1);
            return;
        }
        Object body = new Object();
        KEPT.add(body);
        Tracker.open(body, ResponseFacts.of("reference", "GET", "http://127.0.0.1/frames", 200));
    }

    private static int loadEveryClassOf(File jar) throws Exception {
        int n = 0;
        try (JarFile j = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.contains("-") && !name.startsWith("META-INF")) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                                FrameChoice.class.getClassLoader());
                        n++;
                    } catch (Throwable t) {
                        // a class whose dependencies are not here: not loaded, not counted
                    }
                }
            }
        }
        return n;
    }
}
