package dev.bodycheck.it.junitapp;

/** {@link AttributionTests} without an annotation: checked by failFast=true. */
class PlainAttribution extends AttributionTests {
}
