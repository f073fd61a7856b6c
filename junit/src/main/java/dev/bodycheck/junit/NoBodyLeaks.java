package dev.bodycheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaked an HTTP response body, with the leak report (client, method, URL, and the
 * creation stack starting at the test's line). After each test, the bodies that test's thread created and
 * did not close nor read to EOF are checked: only if there are any is a garbage collection forced (at most
 * about 2 s). The agent is attached at run time if the JVM was not started with it.
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
