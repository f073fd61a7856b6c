package dev.bodycheck.runtime.lib.apache5async;

import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.Tracker;
import java.lang.reflect.Field;

/**
 * httpcore5-reactive's {@code ReactiveResponseConsumer}, through which Spring's {@code WebClient} runs on Apache
 * HttpAsyncClient 5: the consumer is the body the client opens, and the publisher it hands on with the response's
 * head (its {@code ReactiveDataConsumer}) is made its alias, so that what the application is given around that
 * publisher can take the body over. The field is private: it is read by reflection (the library lives in an
 * unnamed module, open to it), looked up once per class.
 */
public final class ReactiveConsumers {
    static final String CONSUMER = "org.apache.hc.core5.reactive.ReactiveResponseConsumer";

    /** The consumer's publisher field, of the consumer class seen first (one class loader, as a rule). */
    private static volatile Field publisher;

    private ReactiveConsumers() {
    }

    /** After the open body {@code consumer} was opened: if it is a reactive consumer, its publisher is its alias. */
    public static void opened(Object consumer) {
        try {
            if (consumer != null && CONSUMER.equals(consumer.getClass().getName())) {
                Field f = publisher;
                if (f == null || f.getDeclaringClass() != consumer.getClass()) {
                    f = consumer.getClass().getDeclaredField("reactiveDataConsumer");
                    f.setAccessible(true);
                    publisher = f;
                }
                Object inner = f.get(consumer);
                if (inner != null) {
                    Tracker.alias(inner, consumer);
                }
            }
        } catch (Throwable t) {
            Problems.internalError(t);
        }
    }
}
