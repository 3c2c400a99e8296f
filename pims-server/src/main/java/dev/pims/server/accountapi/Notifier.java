package dev.pims.server.accountapi;

import dev.pims.server.sms.SmsDeliveryException;
import dev.pims.server.sms.SmsMessage;
import dev.pims.server.sms.SmsSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices to a phone that carry no code: the old trusted phone is told that it was replaced, the trusted
 * phone that every enrollment was removed. Sent after the change is committed; a delivery failure is logged
 * (without the number or the text) and does not undo the change.
 */
final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private final SmsSender sender;

    Notifier(SmsSender sender) {
        this.sender = sender;
    }

    void phoneReplaced(String oldPhone) {
        send(oldPhone, "Your PIMS account no longer uses this phone number: its trusted phone was changed."
                + " If you did not do this, contact your support at once.");
    }

    void enrollmentsRemoved(String phone) {
        send(phone, "Every device of your PIMS account was removed. If you did not do this, contact your support.");
    }

    private void send(String phone, String text) {
        try {
            sender.send(new SmsMessage(phone, null, text));
        } catch (SmsDeliveryException e) {
            LOG.warn("a security notice SMS could not be delivered ({})", sender.name());
        }
    }
}
