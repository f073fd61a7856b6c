package dev.bodycheck.it.app;

/**
 * Loads each class named in the arguments (without initialising it) and prints {@code NAME true} if it was woven
 * to hold its body's record in a field (it implements the runtime's {@code HasBodyRef}), else {@code NAME false}.
 */
public final class HoldsRecord {
    private HoldsRecord() {
    }

    public static void main(String[] args) throws Exception {
        for (String name : args) {
            boolean holds = false;
            for (Class<?> i : Class.forName(name, false, HoldsRecord.class.getClassLoader()).getInterfaces()) {
                holds |= i.getName().equals("dev.bodycheck.runtime.HasBodyRef");
            }
            System.out.println(name + " " + holds);
        }
    }
}
