package dev.bodycheck.instrument;

/**
 * A call of one static method of the agent's runtime, woven into a hooked method with plain ASM (no Byte Buddy:
 * the JDK's own classes are each JDK build's, so none can be shipped woven, and Byte Buddy's set-up would cost
 * every first run hundreds of milliseconds). The call is straight-line code at the method's entry or before each
 * of its returns: it needs no new stack map frame. The runtime method must never throw (it hands what it catches to
 * {@code Problems.internalError}), but for the fail-fast check, which throws on purpose.
 *
 * <p>Its arguments are, in order, {@link #RETURNED} (the value about to be returned: then first, and a runtime
 * method that returns a value replaces it), {@link #THIS}, an argument of the hooked method ({@link #argument}) or
 * a field of {@code this} ({@link #field}).
 */
public final class Call {
    /** The value the hooked method is about to return. */
    public static final String RETURNED = "returned";
    /** The object whose method is hooked. */
    public static final String THIS = "this";

    private final boolean atEntry;
    private final Class<?> owner;
    private final String name;
    private final String[] operands;
    private final boolean failFast;

    private Call(boolean atEntry, Class<?> owner, String name, String[] operands, boolean failFast) {
        this.atEntry = atEntry;
        this.owner = owner;
        this.name = name;
        this.operands = operands;
        this.failFast = failFast;
    }

    /** {@code owner.name(operands)} at the start of the hooked method. */
    public static Call atEntry(Class<?> owner, String name, String... operands) {
        return new Call(true, owner, name, operands, false);
    }

    /** {@code owner.name(operands)} before each return of the hooked method (of a constructor: once it ran). */
    public static Call beforeReturn(Class<?> owner, String name, String... operands) {
        return new Call(false, owner, name, operands, false);
    }

    /** With {@code failFast=true}: {@code owner.name()}, which throws the leak reported last, at entry. */
    public static Call failFastCheck(Class<?> owner, String name) {
        return new Call(true, owner, name, new String[0], true);
    }

    /** The hooked method's argument {@code index} (0: the first). */
    public static String argument(int index) {
        return "arg" + index;
    }

    /** The field {@code name} of {@code this}. */
    public static String field(String name) {
        return "field " + name;
    }

    public boolean atEntry() {
        return atEntry;
    }

    public boolean isFailFast() {
        return failFast;
    }

    /** The runtime class that holds the called method. */
    public Class<?> owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public String[] operands() {
        return operands.clone();
    }

    /** The fields of {@code this} the call reads. */
    String[] fields() {
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (String o : operands) {
            if (o.startsWith("field ")) {
                fields.add(o.substring("field ".length()));
            }
        }
        return fields.toArray(new String[0]);
    }
}
