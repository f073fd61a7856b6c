package dev.bodycheck.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1:8080/users/42 | GET 127.0.0.1:8080/users/{id}",
        "https://api.example.com/v2/users/42/orders/7?token=s3cret#x | GET api.example.com/v2/users/{id}/orders/{id}",
        "http://user:pw@example.com/a | GET example.com/a",
        "http://example.com | GET example.com",
        "http://example.com?q=1 | GET example.com",
        "http://example.com/ | GET example.com/",
        "http://h/items/123e4567-e89b-12d3-a456-426614174000 | GET h/items/{id}",
        "http://h/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | GET h/blobs/{id}",
        "http://h/t/dGhpcyBpcyBhIHRva2VuMTIz | GET h/t/{id}",
        "http://h/health-check/readiness-probe | GET h/health-check/readiness-probe",
        "http://h/v1/abc123 | GET h/v1/abc123",
        "http://h/a//b | GET h/a//b",
    })
    void idLikeSegmentsAreFoldedAndNothingButMethodHostAndPathIsKept(String url, String endpoint) {
        assertEquals(endpoint, Endpoint.of("GET", url));
    }
}
