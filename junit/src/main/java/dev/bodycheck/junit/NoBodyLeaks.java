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
 * line, then the application frames of the creation stack. After each test, the bodies that belong to it (created
 * on its thread, or on a thread it handed work to while it was the only test running) and that were neither closed
 * nor read to EOF are checked: only if there are any is a garbage collection forced (at most about 2 s, also under
 * {@code -XX:+DisableExplicitGC}). A leak that cannot be attributed to one test (parallel tests sharing a pool) fails
 * the class instead. The agent is attached at run time if the JVM was not started with it.
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
