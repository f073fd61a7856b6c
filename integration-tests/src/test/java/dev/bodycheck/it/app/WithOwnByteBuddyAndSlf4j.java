package dev.bodycheck.it.app;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.LoggerFactory;

/**
 * An application with its own (unrelocated, older) Byte Buddy and SLF4J: both work beside the agent, and
 * the agent's reports arrive through SLF4J (slf4j-jdk-platform-logging routes System.Logger there).
 */
public final class WithOwnByteBuddyAndSlf4j {
    public static void main(String[] args) throws Exception {
        Object made = new ByteBuddy().subclass(Object.class).method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("made by the application's Byte Buddy")).make()
                .load(WithOwnByteBuddyAndSlf4j.class.getClassLoader()).getLoaded().getDeclaredConstructor().newInstance();
        String jar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        System.out.println("BYTEBUDDY " + made + " from " + jar.substring(jar.lastIndexOf('/') + 1));
        LoggerFactory.getLogger("app").info("application log line");
        new OkHttpAdapter().get(args[0] + "/it/slf4j-drop");
        System.out.println("DONE");
        System.exit(0);
    }
}
