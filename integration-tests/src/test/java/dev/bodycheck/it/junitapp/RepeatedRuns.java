package dev.bodycheck.it.junitapp;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one test class of this package N times in this JVM, each a whole launcher run, and prints one line per
 * failed test or class: {@code RUN <n> <Class>#<test> <first line of the failure>} (tab-separated).
 * Arguments: N, the class's simple name.
 */
public final class RepeatedRuns {
    private RepeatedRuns() {
    }

    public static void main(String[] args) {
        int times = Integer.parseInt(args[0]);
        String test = RepeatedRuns.class.getPackageName() + "." + args[1];
        Launcher launcher = LauncherFactory.create();
        for (int i = 1; i <= times; i++) {
            int run = i;
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(test))
                    .build(), new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                                return;
                            }
                            String name = id.getSource().map(s -> s instanceof MethodSource
                                    ? args[1] + "#" + id.getDisplayName()
                                    : s instanceof ClassSource ? args[1] : id.getDisplayName()).orElse(id.getDisplayName());
                            String failure = result.getThrowable().map(Throwable::toString).orElse("");
                            System.out.println("RUN\t" + run + "\t" + name + "\t" + failure.split("\n", 2)[0]);
                        }
                    });
        }
    }
}
