package dev.pims.sdk.transport;

/**
 * Sends one HTTP request. The SDK's only door to the network: a host replaces it (certificate pinning,
 * proxies, OkHttp...) through {@code Pims.builder().transport(...)}. Implementations must be thread-safe,
 * must not throw (every failure is an {@link HttpOutcome.Failure}) and must never log bodies or query
 * strings: they carry PINs, SMS codes and tokens.
 */
@FunctionalInterface
public interface HttpTransport {

    HttpOutcome send(HttpRequest request);
}
