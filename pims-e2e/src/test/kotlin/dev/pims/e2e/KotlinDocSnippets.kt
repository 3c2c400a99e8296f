package dev.pims.e2e

import dev.pims.sdk.Pims
import dev.pims.sdk.kotlin.AccountBlocked
import dev.pims.sdk.kotlin.EnrollmentStatus
import dev.pims.sdk.kotlin.PimsResult
import dev.pims.sdk.kotlin.awaitInitialize
import dev.pims.sdk.kotlin.addPhoneNumber
import dev.pims.sdk.kotlin.checkEnrollmentCode
import dev.pims.sdk.kotlin.enroll
import dev.pims.sdk.kotlin.isAccountBlocked
import dev.pims.sdk.kotlin.isDeviceActivated
import dev.pims.sdk.kotlin.login
import dev.pims.sdk.kotlin.otp
import dev.pims.sdk.kotlin.removeEnrollments
import dev.pims.sdk.kotlin.requestEnrollmentSms
import dev.pims.sdk.kotlin.requestPhoneNumberCertification
import dev.pims.sdk.kotlin.trustedPhoneNumber

/*
 * The Kotlin snippets of docs/sdk.md and pims-sdk-kotlin/README.md, compiled by the build: each region
 * between snippet:begin and snippet:end is a block of a document (DocSnippetsTest checks it), and
 * KotlinDocSnippetsE2eTest runs them against the in-process server.
 */

internal suspend fun setUp(params: Map<String, Any?>, username: String, password: String, app: App): Pims {
    // snippet:begin kotlin-setup
    val pims = Pims()                                       // or Pims.builder()...build()
    val init = pims.awaitInitialize(params)                 // the same map as in Java
    check(init["status"] == "SUCCEEDED") { "initialize: ${init["error"]}" }
    when (val login = pims.login(username, password)) {
        is PimsResult.Success -> app.show("logged in")
        is PimsResult.Failure -> app.show(login.label)      // e.g. 2308: wrong password
    }
    // snippet:end
    return pims
}

internal suspend fun enroll(pims: Pims, app: App) {
    // snippet:begin kotlin-enrollment
    if (pims.isDeviceActivated().getOrNull() != true) {
        if (pims.isAccountBlocked().getOrNull() == AccountBlocked.PinBlocked) {
            pims.removeEnrollments()                        // blocked: start again
        }
        if (pims.trustedPhoneNumber() is PimsResult.Failure) {   // 2307: no trusted phone yet
            val phone = app.askUser("your phone number")
            pims.requestPhoneNumberCertification(phone)
            pims.addPhoneNumber(smsCode = app.askUser("the code in the SMS"), phoneNumber = phone)
        }
        pims.requestEnrollmentSms()
        val status = pims.checkEnrollmentCode(app.askUser("the code in the SMS")).getOrNull()
        val pin = app.askUser(if (status == EnrollmentStatus.AlreadyEnrolled) "your PIN" else "a new PIN")
        when (val enrolled = pims.enroll(pinCode = pin)) {
            is PimsResult.Success -> app.show("this device is enrolled")
            is PimsResult.Failure -> app.show("${enrolled.code}: ${enrolled.label}")
        }
    }
    // snippet:end
}

internal suspend fun otp(pims: Pims, app: App) {
    // snippet:begin kotlin-otp
    when (val otp = pims.otp(withPin = false)) {
        is PimsResult.Success -> app.sendToRelyingParty(otp.value)
        is PimsResult.Failure -> when (otp.code) {
            2317 -> app.show("Not now: try again in a while")   // e.g. the temporary PIN lock
            2310 -> pims.removeEnrollments()                    // blocked (isAccountBlocked: PinBlocked)
            2312 -> pims.otp(withPin = false, resetStep = true) // the server no longer knows this device
            else -> app.show(otp.label)
        }
    }
    // snippet:end
}

internal fun otpByCallback(pims: Pims, pin: String, app: App) {
    // snippet:begin kotlin-callback
    pims.get("pims.authentication.otp", mapOf("action" to "withPIN", "pinCode" to pin)) { msg ->
        when (msg["status"]) {
            "SUCCEEDED" -> app.sendToRelyingParty((msg["result"] as Map<*, *>)["otp"] as String)
            else -> app.show("error ${(msg["error"] as Map<*, *>)["code"]}")   // e.g. 2308: wrong PIN
        }
    }
    // snippet:end
}
