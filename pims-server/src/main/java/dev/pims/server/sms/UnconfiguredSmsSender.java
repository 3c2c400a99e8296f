package dev.pims.server.sms;

/**
 * The sender of a production server without an SMS gateway: every send fails with a clear message (the
 * account API answers it as an SMS gateway error), and no code is stored anywhere. Development servers use
 * {@link OutboxSmsSender} instead.
 */
public final class UnconfiguredSmsSender implements SmsSender {
    @Override
    public void send(SmsMessage message) throws SmsDeliveryException {
        throw new SmsDeliveryException("this server has no SMS sender: the operator must set pims.sms.webhook-url");
    }

    @Override
    public String name() {
        return "none";
    }
}
