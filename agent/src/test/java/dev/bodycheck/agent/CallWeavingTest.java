package dev.bodycheck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bodycheck.instrument.Call;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallWeavingTest {
    /** Stands for a JDK class: a constructor, a value-returning method with two returns, a void one. */
    public static class Target {
        final String name;

        public Target(String name, int n) {
            this.name = name;
            if (n < 0) {
                return;
            }
        }

        public String greet(String whom, long times) {
            if (times == 0) {
                return "nobody";
            }
            return "hello " + whom;
        }

        public int count(int n) {
            return n * 2;
        }

        public void close() {
        }
    }

    /** Stands for the runtime: what the woven calls saw. */
    public static final class Seen {
        static final List<String> CALLS = new ArrayList<>();

        public static void made(Object target, Object name) {
            CALLS.add("made " + name + " " + target.getClass().getName().equals(TARGET));
        }

        public static Object greeted(Object returned, Object whom) {
            CALLS.add("greeted " + whom + " -> " + returned);
            return returned + "!";
        }

        public static void counted(int n, Object target) {
            CALLS.add("counted " + n);
        }

        public static void closing(Object target) {
            CALLS.add("closing");
        }

        public static void failFast() {
            CALLS.add("failFast");
        }
    }

    private static final String TARGET = Target.class.getName();

    private static Library library(Hook... hooks) {
        return Library.called("test").gates(TARGET.replace('.', '/')).hooks(() -> hooks);
    }

    @Test
    void theCallsGoAtEntryAndBeforeEachReturnAndMayReplaceTheValue() throws Exception {
        Library library = library(
                Hook.call(TARGET, "<init>", "(Ljava/lang/String;", "Target(String...)",
                        Call.beforeReturn(Seen.class, "made", Call.THIS, Call.field("name"))),
                Hook.call(TARGET, "greet", "(Ljava/lang/String;J)", "greet(String, long)",
                        Call.beforeReturn(Seen.class, "greeted", Call.RETURNED, Call.argument(0))),
                Hook.call(TARGET, "greet", "(Ljava/lang/String;J)", "greet(String, long)",
                        Call.failFastCheck(Seen.class, "failFast")),
                Hook.call(TARGET, "count", "(I)I", "count(int)", Call.beforeReturn(Seen.class, "counted", Call.RETURNED,
                        Call.THIS)),
                Hook.call(TARGET, "close", "()V", "close()", Call.atEntry(Seen.class, "closing", Call.THIS)));
        for (boolean failFast : new boolean[] {false, true}) {
            Seen.CALLS.clear();
            byte[] woven = CallWeaving.weave(library, TARGET, getClass().getClassLoader(), bytes(), failFast, false);
            Class<?> c = load(woven);
            Object t = c.getConstructor(String.class, int.class).newInstance("a", -1);
            c.getConstructor(String.class, int.class).newInstance("b", 1);
            assertEquals("nobody!", c.getMethod("greet", String.class, long.class).invoke(t, "x", 0L));
            assertEquals("hello y!", c.getMethod("greet", String.class, long.class).invoke(t, "y", 2L));
            assertEquals(6, c.getMethod("count", int.class).invoke(t, 3));
            c.getMethod("close").invoke(t);
            List<String> expected = new ArrayList<>(List.of("made a true", "made b true", "greeted x -> nobody",
                    "greeted y -> hello y", "counted 6", "closing"));
            if (failFast) {
                expected.add(2, "failFast");
                expected.add(4, "failFast");
            }
            assertEquals(expected, Seen.CALLS, "failFast=" + failFast);
        }
    }

    @Test
    void aClassWithoutTheHookedMethodOrFieldIsLeftAsItIs() throws Exception {
        Library noMethod = library(Hook.call(TARGET, "open", "()V", "open()", Call.atEntry(Seen.class, "closing",
                Call.THIS)));
        assertNull(CallWeaving.weave(noMethod, TARGET, getClass().getClassLoader(), bytes(), false, false));
        Library noField = library(Hook.call(TARGET, "close", "()V", "close()", Call.atEntry(Seen.class, "made",
                Call.THIS, Call.field("other"))));
        assertNull(CallWeaving.weave(noField, TARGET, getClass().getClassLoader(), bytes(), false, false));
    }

    private static byte[] bytes() throws Exception {
        try (InputStream in = Target.class.getResourceAsStream("CallWeavingTest$Target.class")) {
            return in.readAllBytes();
        }
    }

    private Class<?> load(byte[] woven) throws Exception {
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(TARGET)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        }.loadClass(TARGET);
    }
}
