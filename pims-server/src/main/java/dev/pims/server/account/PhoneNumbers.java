package dev.pims.server.account;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/**
 * The one place phone numbers are normalised: every path that takes a number (account API, admin API, the SMS
 * outbox filter, the console) stores and compares the E.164 form ({@code +33612345678}). Input must be
 * international (a leading {@code +}, or {@code 00}); spaces, dots, dashes and parentheses are accepted and
 * dropped. The number must be possible for its country (Google's libphonenumber decides: country code and
 * length), so {@code +33 6 12 34 56 78}, {@code +33 (0)6 12 34 56 78} and {@code 0033612345678} are one number.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Longer input is refused before parsing. */
    private static final int MAX_INPUT = 64;

    private PhoneNumbers() {
    }

    /** The E.164 form, or empty when the text is not an international phone number. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.isEmpty() || t.length() > MAX_INPUT || !t.matches("\\+?[0-9 ().\\-]+")) {
            return Optional.empty();
        }
        if (t.startsWith("00")) {
            t = "+" + t.substring(2);
        }
        if (!t.startsWith("+")) {
            return Optional.empty();
        }
        try {
            PhoneNumber n = UTIL.parse(t, "ZZ");
            if (!UTIL.isPossibleNumber(n)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** What to tell someone whose number was refused. */
    public static final String RULE = "an international number: + and the country code, e.g. +33 6 12 34 56 78";
}
