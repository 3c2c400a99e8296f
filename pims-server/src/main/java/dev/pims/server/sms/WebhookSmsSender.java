package dev.pims.server.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every SMS to an SMS gateway: {@code POST <url>} with {@code {"to": "+33...", "text": "..."}} and the
 * configured secret header. Any 2xx answer = accepted; anything else (status, timeout, connection refused)
 * is an {@link SmsDeliveryException}. Neither the text nor the secret is ever logged.
 */
public final class WebhookSmsSender implements SmsSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSmsSender.class);
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI url;
    private final Optional<String> token;
    private final String header;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookSmsSender(URI url, Optional<String> token, String header, Duration timeout) {
        this.url = url;
        this.token = token;
        this.header = header;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static WebhookSmsSender of(SmsConfig config) {
        return new WebhookSmsSender(config.webhookUrl().orElseThrow(), config.webhookToken(), config.webhookHeader(),
                config.webhookTimeout());
    }

    @Override
    public void send(SmsMessage m) throws SmsDeliveryException {
        ObjectNode body = mapper.createObjectNode().put("to", m.phoneNumber()).put("text", m.text());
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        token.ifPresent(t -> b.header(header, header.equalsIgnoreCase("Authorization") ? "Bearer " + t : t));
        try {
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                LOG.warn("SMS webhook answered HTTP {}", r.statusCode());
                throw new SmsDeliveryException("the SMS gateway refused the message (HTTP " + r.statusCode() + ")");
            }
        } catch (IOException e) {
            LOG.warn("SMS webhook unreachable: {}", e.getClass().getSimpleName());
            throw new SmsDeliveryException("the SMS gateway is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsDeliveryException("interrupted while sending the SMS");
        } catch (IllegalArgumentException e) {
            throw new SmsDeliveryException("the SMS gateway request is invalid");
        }
    }

    @Override
    public String name() {
        return "webhook";
    }
}
