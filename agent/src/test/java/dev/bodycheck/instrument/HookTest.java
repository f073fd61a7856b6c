package dev.bodycheck.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bodycheck.runtime.Problems;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

class HookTest {
    /** Stands for a library class. */
    public static class Target {
        public String greet() {
            return "hello";
        }
    }

    static final class Throwing {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            throw new IllegalStateException("advice broke");
        }
    }

    @Test
    void anErrorInAdviceIsCountedAndTheLibraryMethodRunsOn() throws Exception {
        Hook hook = Hook.of(Hook.types(Target.class.getName()), named("greet"), "greet()", Throwing.class);
        Class<?> woven = new ByteBuddy().redefine(Target.class).visit(hook.advice().on(named("greet"))).make()
                .load(new ClassLoader(getClass().getClassLoader()) {
                }, ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
        Object target = woven.getDeclaredConstructor().newInstance();
        long before = Problems.internalErrors();
        assertEquals("hello", woven.getMethod("greet").invoke(target));
        assertEquals("hello", woven.getMethod("greet").invoke(target));
        assertEquals(before + 2, Problems.internalErrors(), "each suppressed error is counted");
    }
}
