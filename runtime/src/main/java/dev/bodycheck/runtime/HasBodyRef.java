package dev.bodycheck.runtime;

/**
 * A body (or an alias of one) that holds its record in a field of its own, so that opening, reading and ending
 * it need no identity lookup. The agent weaves this interface, and one field behind it, into a library's body
 * classes that it weaves as they load (never into a class already loaded: a retransformation cannot add
 * members); the JDK client's wrappers implement it over their handle. An object of any other class is found
 * through the identity table as before.
 */
public interface HasBodyRef {
    /** The record in the field: this object's own while it is an open body, or the body's it is an alias of. */
    BodyRef bodycheck$ref();

    void bodycheck$ref(BodyRef ref);
}
