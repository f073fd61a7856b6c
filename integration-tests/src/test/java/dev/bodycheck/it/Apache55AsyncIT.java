package dev.bodycheck.it;

/**
 * Apache HttpAsyncClient 5.5 (5.5.1, with httpcore5 5.3.6: the versions Spring Boot 3.5 manages), whose classic
 * adaptor's response consumer is the client's own ({@code impl.compat}) rather than httpcore5's: the same cases as
 * {@link Apache5AsyncIT}.
 */
class Apache55AsyncIT extends Apache5AsyncIT {
    @Override
    String libs() {
        return "apache55";
    }
}
