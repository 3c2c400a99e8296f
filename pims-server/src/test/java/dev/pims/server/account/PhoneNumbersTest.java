package dev.pims.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
    @Test
    void internationalNumbersInAnySpellingBecomeOneE164Number() {
        for (String s : new String[] {"+33612345678", "+33 6 12 34 56 78", "+33.6.12.34.56.78", "+33-6-12-34-56-78",
            "0033 6 12 34 56 78", " +33 (6) 12 34 56 78 "}) {
            assertThat(PhoneNumbers.normalize(s)).as(s).contains("+33612345678");
        }
        assertThat(PhoneNumbers.normalize("+1 (650) 253-0000")).contains("+16502530000");
    }

    @Test
    void nationalShortForeignOrJunkInputIsRefused() {
        for (String s : new String[] {"0612345678", "+336", "+33612", "+999123456789", "+33 6 12 34 56 78 x",
            "", "   ", "+", "++33612345678", "+33612345678" + "9".repeat(60)}) {
            assertThat(PhoneNumbers.normalize(s)).as(s).isEmpty();
        }
        assertThat(PhoneNumbers.normalize(null)).isEmpty();
    }
}
