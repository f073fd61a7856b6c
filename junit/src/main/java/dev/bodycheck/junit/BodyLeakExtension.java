package dev.bodycheck.junit;

import dev.bodycheck.BodyCheck;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The per-test check of {@link NoBodyLeaks}. Also registered through JUnit's automatic extension
 * registration, which the agent turns on with {@code failFast=true}: then it checks every test, annotated
 * or not; otherwise it checks only annotated tests. Each test is registered with the runtime while it runs
 * (so that bodies created by the work it hands to executors and threads are charged to it); at the end of a
 * class, the bodies of its tests that were still open and referenced when their test ended are decided
 * again, and one leaked by then fails the class, naming its test.
 */
public final class BodyLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BodyLeakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!checked(context)) {
            return;
        }
        BodyCheck.install();
        String container = context.getRequiredTestClass().getName();
        TestChecks.beginClass(container);
        context.getStore(NAMESPACE).put("class", container);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Object container = context.getStore(NAMESPACE).remove("class");
        if (container != null) {
            TestChecks.finishClass((String) container, context.getRequiredTestClass().getSimpleName());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!checked(context)) {
            return;
        }
        BodyCheck.install();
        context.getStore(NAMESPACE).put("start",
                TestChecks.start(context.getDisplayName(), context.getRequiredTestClass().getName(),
                        context.getUniqueId(), context.getTestMethod().map(m -> m.getName()).orElse(null)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Object start = context.getStore(NAMESPACE).remove("start");
        if (start != null) {
            boolean failOnOpen = annotation(context).map(NoBodyLeaks::failOnOpen).orElse(false);
            TestChecks.finish(start, context.getDisplayName(), failOnOpen);
        }
    }

    private static boolean checked(ExtensionContext context) {
        return annotation(context).isPresent() || FailFast.isOn();
    }

    private static Optional<NoBodyLeaks> annotation(ExtensionContext context) {
        Optional<NoBodyLeaks> onMethod = context.getTestMethod()
                .flatMap(e -> AnnotationSupport.findAnnotation((AnnotatedElement) e, NoBodyLeaks.class));
        return onMethod.isPresent() ? onMethod
                : context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, NoBodyLeaks.class));
    }
}
