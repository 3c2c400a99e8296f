package dev.pims.server.sms;

/**
 * Delivers SMS. Implementations: {@link OutboxSmsSender} (development, default: the message is stored in the
 * database and read back through {@code GET /admin/v1/sms-outbox}) and {@link WebhookSmsSender} (a real SMS
 * gateway behind an HTTP webhook).
 */
public interface SmsSender {
    /** Sends or throws {@link SmsDeliveryException}; never logs the code or the text. */
    void send(SmsMessage message) throws SmsDeliveryException;

    /** Short name for logs and the report ({@code outbox}, {@code webhook}). */
    String name();
}
