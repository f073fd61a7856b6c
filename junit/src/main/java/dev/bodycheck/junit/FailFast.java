package dev.bodycheck.junit;

/** Whether the agent runs with failFast=true. Names no runtime class unless the agent is there. */
final class FailFast {
    private FailFast() {
    }

    static boolean isOn() {
        try {
            Class<?> lifecycle = Class.forName("dev.bodycheck.runtime.Lifecycle", false, null);
            Object config = lifecycle.getMethod("config").invoke(null);
            return (Boolean) config.getClass().getMethod("failFast").invoke(config);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // no agent attached: only annotated tests are checked
        }
    }
}
