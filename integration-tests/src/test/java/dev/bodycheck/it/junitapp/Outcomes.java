package dev.bodycheck.it.junitapp;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line per failed test or class, {@code OUTCOME FAILED <Class>#<test> <failure>} (tab-separated; the
 * failure as a runner prints it, its line breaks as {@code \n}), when {@code -Dit.outcomes=true}: the forked launcher's exact result for the
 * integration test. Registered for JUnit's listener auto-detection; silent otherwise.
 */
public final class Outcomes implements TestExecutionListener {
    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!Boolean.getBoolean("it.outcomes") || result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return;
        }
        String name = id.getSource().map(s -> s instanceof MethodSource
                ? simple(((MethodSource) s).getClassName()) + "#" + id.getDisplayName()
                : s instanceof ClassSource ? simple(((ClassSource) s).getClassName()) : id.getDisplayName())
                .orElse(id.getDisplayName());
        // as a runner prints it: the message, then the stack (for UnclosedBodyError, the leaks' creation stacks)
        String message = result.getThrowable().map(t -> {
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            return w.toString().stripTrailing();
        }).orElse("");
        System.out.println("OUTCOME\t" + result.getStatus() + "\t" + name + "\t" + message.replace("\n", "\\n"));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
