package dev.bodycheck.demo.clients;

import java.net.URI;
import java.time.Duration;

/**
 * What every client is built with: the heartbeat URL, finite timeouts, and a deliberately small
 * connection pool (where the library has one), so that a leak drains it within a few beats.
 *
 * @param url the heartbeat endpoint
 * @param poolPerRoute connections per route for pooling clients (Apache)
 * @param poolWait how long a request waits for a pooled connection before failing
 * @param timeout connect and read timeout: a demo must never hang
 */
public record BeatSettings(URI url, int poolPerRoute, Duration poolWait, Duration timeout) {
}
