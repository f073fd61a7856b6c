package com.example;

import dev.bodycheck.junit.NoBodyLeaks;

/** Checked by the annotation, with or without failFast. */
@NoBodyLeaks
class AnnotatedHeartbeatTest extends HeartbeatCases {
}
