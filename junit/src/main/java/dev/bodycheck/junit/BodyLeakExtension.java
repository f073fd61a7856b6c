package dev.bodycheck.junit;

import dev.bodycheck.BodyCheck;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The per-test check of {@link NoBodyLeaks}. Also registered through JUnit's automatic extension
 * registration, which the agent turns on with {@code failFast=true}: then it checks every test, annotated
 * or not; otherwise it checks only annotated tests.
 */
public final class BodyLeakExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BodyLeakExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<NoBodyLeaks> annotation = annotation(context);
        if (annotation.isEmpty() && !FailFast.isOn()) {
            return;
        }
        BodyCheck.install();
        context.getStore(NAMESPACE).put("start", TestChecks.start());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Object start = context.getStore(NAMESPACE).remove("start");
        if (start != null) {
            boolean failOnOpen = annotation(context).map(NoBodyLeaks::failOnOpen).orElse(false);
            TestChecks.finish(start, context.getDisplayName(), failOnOpen);
        }
    }

    private static Optional<NoBodyLeaks> annotation(ExtensionContext context) {
        Optional<NoBodyLeaks> onMethod = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation((AnnotatedElement) e, NoBodyLeaks.class));
        return onMethod.isPresent() ? onMethod
                : context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, NoBodyLeaks.class));
    }
}
