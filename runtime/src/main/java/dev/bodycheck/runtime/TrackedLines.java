package dev.bodycheck.runtime;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The application's {@code Stream<String>} for an {@code ofLines()} body: a new stream over the client's
 * stream's spliterator. Running out of lines is consumed; closing it (which closes the client's stream) is
 * closed. The client holds only its own stream, never this one.
 */
final class TrackedLines<T> implements Spliterator<T> {
    private final Spliterator<T> lines;
    /** The handle of the stream the application holds; null if it is not tracked. */
    private BodyRef handle;

    private TrackedLines(Spliterator<T> lines) {
        this.lines = lines;
    }

    static <T> Stream<T> wrap(Stream<T> original, ResponseFacts facts, CreationSite site, RequestThread requester) {
        TrackedLines<T> spliterator = new TrackedLines<>(original.spliterator());
        Stream<T> stream = StreamSupport.stream(spliterator, false).onClose(() -> {
            BodyRef.end(spliterator.handle, State.CLOSED);
            original.close();
        });
        spliterator.handle = Tracker.openAt(stream, facts, site, requester,
                Lifecycle.reclaim() ? HttpClientBodies.closing(original) : null);
        return stream;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        boolean more = lines.tryAdvance(action);
        if (!more) {
            BodyRef.end(handle, State.CONSUMED);
        }
        return more;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        lines.forEachRemaining(action);
        BodyRef.end(handle, State.CONSUMED);
    }

    @Override
    public Spliterator<T> trySplit() {
        return null; // lines arrive in order from one connection
    }

    @Override
    public long estimateSize() {
        return lines.estimateSize();
    }

    @Override
    public int characteristics() {
        return lines.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
    }
}
