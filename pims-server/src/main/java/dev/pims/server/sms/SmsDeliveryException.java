package dev.pims.server.sms;

/** The SMS could not be handed to the gateway. The message never carries the SMS text or a credential. */
public final class SmsDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public SmsDeliveryException(String message) {
        super(message, null, false, false);
    }
}
