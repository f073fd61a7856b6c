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
    private Stream<T> owner;

    private TrackedLines(Spliterator<T> lines) {
        this.lines = lines;
    }

    static <T> Stream<T> wrap(Stream<T> original) {
        TrackedLines<T> spliterator = new TrackedLines<>(original.spliterator());
        Stream<T> stream = StreamSupport.stream(spliterator, false);
        spliterator.owner = stream;
        return stream.onClose(() -> {
            Tracker.closed(spliterator.owner);
            original.close();
        });
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        boolean more = lines.tryAdvance(action);
        if (!more) {
            Tracker.consumed(owner);
        }
        return more;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        lines.forEachRemaining(action);
        Tracker.consumed(owner);
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
