package dev.bodycheck.it.junitapp;

import dev.bodycheck.junit.NoBodyLeaks;

/** {@link AttributionTests} checked by {@code @NoBodyLeaks}. */
@NoBodyLeaks
class AnnotatedAttribution extends AttributionTests {
}
