package dev.pims.server.sms;

/** One SMS: the destination, the code it carries (for the development outbox) and the full text. */
public record SmsMessage(String phoneNumber, String code, String text) {
    @Override
    public String toString() {
        // the code and the text are secrets: never shown
        return "SmsMessage[to " + phoneNumber.length() + " chars]";
    }
}
