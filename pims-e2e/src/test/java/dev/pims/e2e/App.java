package dev.pims.e2e;

/** What the documentation's snippets call "the app": its user interface and its relying party. */
public interface App {

    /** Asks the user for something (a phone number, the code of an SMS, a PIN) and answers it. */
    String askUser(String what);

    /** Shows a message to the user. */
    void show(String message);

    /** Hands an OTP to the relying party, which verifies it once. */
    void sendToRelyingParty(String otp);
}
