package dev.bodycheck.runtime;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The application's {@code Flow.Publisher} for an {@code ofPublisher()} body. Never subscribed and dropped
 * is a leak. Once subscribed, the subscription holds this publisher, so that the usual code, which drops
 * the publisher after subscribing, is not taken for a leak; completion is consumed, cancellation or an
 * error closed. (A subscription that stalls without ever completing is held by the client: only
 * {@code openWarn} can see it.)
 */
final class TrackedPublisher implements Flow.Publisher<Object>, HasBodyRef {
    private final Flow.Publisher<Object> publisher;
    /** Set when the wrapper is opened; null if it is not tracked. It is the record the wrapper holds. */
    BodyRef handle;

    @Override
    public BodyRef bodycheck$ref() {
        return handle;
    }

    @Override
    public void bodycheck$ref(BodyRef ref) {
        handle = ref;
    }

    @SuppressWarnings("unchecked")
    TrackedPublisher(Object publisher) {
        this.publisher = (Flow.Publisher<Object>) publisher;
    }

    /**
     * What gives back the connection of a publisher dropped before anyone subscribed: a subscription to the
     * client's own publisher, cancelled at once. It holds that publisher, never the wrapper.
     */
    static java.util.function.BooleanSupplier cancelling(Object clientsOwn) {
        @SuppressWarnings("unchecked")
        Flow.Publisher<Object> publisher = (Flow.Publisher<Object>) clientsOwn;
        return () -> {
            publisher.subscribe(new Flow.Subscriber<Object>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.cancel();
                }

                @Override
                public void onNext(Object item) {
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            });
            return true;
        };
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Object> subscriber) {
        publisher.subscribe(new Subscriber(this, subscriber));
    }

    private static final class Subscriber implements Flow.Subscriber<Object> {
        /** Strong on purpose: a subscribed body stays tracked while the client delivers it. */
        private final TrackedPublisher owner;
        private final Flow.Subscriber<? super Object> downstream;

        Subscriber(TrackedPublisher owner, Flow.Subscriber<? super Object> downstream) {
            this.owner = owner;
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    subscription.request(n);
                }

                @Override
                public void cancel() {
                    BodyRef.end(owner.handle, State.CLOSED);
                    subscription.cancel();
                }
            });
        }

        @Override
        public void onNext(Object item) {
            if (item instanceof List) {
                long n = 0;
                for (Object b : (List<?>) item) {
                    if (b instanceof ByteBuffer) {
                        n += ((ByteBuffer) b).remaining();
                    }
                }
                BodyRef h = owner.handle;
                if (n > 0 && h != null) {
                    h.read(n);
                }
            }
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            BodyRef.end(owner.handle, State.CLOSED);
            downstream.onError(throwable);
        }

        @Override
        public void onComplete() {
            BodyRef.end(owner.handle, State.CONSUMED);
            downstream.onComplete();
        }
    }
}
