package dev.bodycheck.runtime;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * A garbage collection that really runs. {@code System.gc()} does nothing under
 * {@code -XX:+DisableExplicitGC}; the diagnostic command that {@code jcmd <pid> GC.run} uses still collects,
 * so when {@code System.gc()} did not run a collection, that command is used (from then on, directly). The
 * collectors' counts say whether a collection ran.
 */
final class ForcedGc {
    private static volatile boolean useDiagnosticCommand;

    private ForcedGc() {
    }

    /** Runs a full collection; false if none could be made to run. */
    static boolean run() {
        long before = collections();
        if (!useDiagnosticCommand) {
            System.gc();
            if (collections() != before) {
                return true;
            }
        }
        if (diagnosticCommand() && collections() != before) {
            useDiagnosticCommand = true;
            return true;
        }
        return false;
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static boolean diagnosticCommand() {
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcRun", null, null);
            return true;
        } catch (Exception | LinkageError e) {
            return false; // not HotSpot, or no platform MBean server: the caller says it could not decide
        }
    }
}
