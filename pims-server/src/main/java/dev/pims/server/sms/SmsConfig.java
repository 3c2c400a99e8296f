package dev.pims.server.sms;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Which SMS sender to use. No webhook URL = the development outbox. With a URL, every SMS is POSTed as
 * {@code {"to": "+33...", "text": "..."}}; the token, when set, goes in {@code header} ({@code Authorization}
 * is sent as {@code Bearer <token>}, any other header name carries the token as is).
 */
public record SmsConfig(Optional<URI> webhookUrl, Optional<String> webhookToken, String webhookHeader,
        Duration webhookTimeout) {

    public static SmsConfig outbox() {
        return new SmsConfig(Optional.empty(), Optional.empty(), "Authorization", Duration.ofSeconds(10));
    }

    public static SmsConfig webhook(URI url, String token, String header, Duration timeout) {
        return new SmsConfig(Optional.of(url), Optional.ofNullable(token).filter(t -> !t.isBlank()),
                header == null || header.isBlank() ? "Authorization" : header,
                timeout == null ? Duration.ofSeconds(10) : timeout);
    }

    @Override
    public String toString() {
        return webhookUrl.map(u -> "SmsConfig[webhook " + u.getHost() + "]").orElse("SmsConfig[outbox]");
    }
}
