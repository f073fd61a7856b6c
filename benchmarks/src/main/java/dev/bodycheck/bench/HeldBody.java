package dev.bodycheck.bench;

import dev.bodycheck.runtime.BodyRef;
import dev.bodycheck.runtime.HasBodyRef;

/** A body that holds its record, as a library class woven at its load does (one field, two accessors). */
public final class HeldBody implements HasBodyRef {
    private volatile BodyRef ref;

    @Override
    public BodyRef bodycheck$ref() {
        return ref;
    }

    @Override
    public void bodycheck$ref(BodyRef ref) {
        this.ref = ref;
    }
}
