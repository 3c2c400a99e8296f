package dev.pims.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The Java snippets of docs/sdk.md, run against the real server: set-up, the full enrollment path, an OTP. */
class DocSnippetsE2eTest extends E2eBase {

    @Test
    void setUpThenEnrollmentThenOtpAsDocumented() throws Exception {
        Account a = newAccount(false);
        List<String> asked = new ArrayList<>();
        List<String> verified = new ArrayList<>();
        App app = new App() {
            @Override
            public String askUser(String what) {
                asked.add(what);
                return switch (what) {
                    case "your phone number" -> a.phone();
                    case "the code in the SMS" -> server.newestSmsCode(a.phone());
                    default -> PIN;
                };
            }

            @Override
            public void show(String message) {
            }

            @Override
            public void sendToRelyingParty(String otp) {
                verified.add(server.verify(a.login(), otp, false).get("result").asText());
            }
        };
        ExecutorService mainThread = Executors.newSingleThreadExecutor();
        try (Pims pims = DocSnippets.setUp(mainThread, server.baseUrl(), "pims-dev-secret", newStorage(), a.login(),
                a.password())) {
            String otp = DocSnippets.enrollThenOtp(pims, app);
            assertThat(otp).isNotBlank();
            assertThat(asked).containsExactly("your phone number", "the code in the SMS", "the code in the SMS",
                    "a new PIN");
            // enrolled now: the same snippet goes straight to the OTP
            DocSnippets.enrollThenOtp(pims, app);
            assertThat(asked).hasSize(4);
            assertThat(verified).containsExactly("OK", "OK");
        } finally {
            mainThread.shutdown();
        }
    }
}
