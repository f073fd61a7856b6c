package dev.bodycheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaked an HTTP response body: one line naming the test, the request and the application's
 * line, then the application frames of the creation stack. After each test, the bodies that belong to it (made by
 * its work: on its thread, in tasks it handed to executors and {@code CompletableFuture}, on threads it started, by
 * asynchronous requests it made) and that were neither closed nor read to EOF are checked: only if there are any is
 * a garbage collection forced (at most about 2 s, also under {@code -XX:+DisableExplicitGC}). Those still open and
 * referenced are decided again when the class ends: one leaked by then fails the class, naming the test. A leak
 * that no test's work made fails no test; it is counted as {@code unattributed}. The agent is attached at run time
 * if the JVM was not started with it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BodyLeakExtension.class)
public @interface NoBodyLeaks {
    /**
     * Whether a body still open and still referenced at the end of the test fails it too (by default it is
     * named in a warning: a response kept in a field may be closed later).
     */
    boolean failOnOpen() default false;
}
