package dev.pims.sdk.kotlin

import dev.pims.sdk.error.PimsError
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

class PimsResultTest {

    @Test
    fun successFailureAndMalformedMessages() {
        val ok = PimsResult.of(mapOf("transactionId" to "t", "status" to "SUCCEEDED", "result" to mapOf("otp" to "123"))) {
            it["otp"] as? String
        }
        assertThat(ok).isEqualTo(PimsResult.Success("123"))
        assertThat(ok.getOrNull()).isEqualTo("123")

        val failed = PimsResult.of(mapOf("status" to "FAILED", "error" to mapOf("code" to 2317,
            "label" to PimsError.INWEBO_FORBIDDEN.label()))) { it["otp"] as? String }
        assertThat(failed).isInstanceOf(PimsResult.Failure::class.java)
        failed as PimsResult.Failure
        assertThat(failed.code).isEqualTo(2317)
        assertThat(failed.error).isEqualTo(PimsError.INWEBO_FORBIDDEN)
        assertThat(failed.getOrNull() as Any?).isNull()

        // a SUCCEEDED message without the expected value, or a message of no known shape: 2203
        val missing = PimsResult.of(mapOf("status" to "SUCCEEDED", "result" to emptyMap<String, Any>())) { it["otp"] as? String }
        assertThat(missing).isEqualTo(PimsResult.Failure(2203, PimsError.INVALID_RETURN.label()))
        assertThat(PimsResult.of(mapOf("status" to "FAILED")) { it }).isEqualTo(PimsResult.Failure(2203, PimsError.INVALID_RETURN.label()))
        assertThat(PimsResult.Failure(9999, "x").error).isNull()
    }
}
