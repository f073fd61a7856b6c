package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {
    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080/beat, http://127.0.0.1:8080/beat",
        "http://127.0.0.1:8080/beat?token=s3cret, http://127.0.0.1:8080/beat",
        "https://user:pw@example.test/a/b?x=1#frag, https://example.test/a/b",
        "https://user@example.test, https://example.test",
        "http://h/p#frag?x, http://h/p",
        "http://h/p/a@b, http://h/p/a@b",
        "'', ''"
    })
    void stripsUserInfoQueryAndFragment(String in, String out) {
        assertEquals(out, Urls.redact(in));
    }
}
