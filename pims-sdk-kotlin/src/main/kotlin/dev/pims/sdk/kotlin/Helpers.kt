@file:JvmName("PimsHelpers")

package dev.pims.sdk.kotlin

import dev.pims.sdk.Pims

/*
 * Typed helpers for the common calls: the API names and parameters of pims-sdk.md, answered as PimsResult.
 * Each is one facade call (see Suspending.kt for cancellation).
 */

private const val USER = "pims.authentication.user"
private const val ACCOUNT = "pims.authentication.account"
private const val OTP = "pims.authentication.otp"
private const val PHONE = "pims.authentication.trustedphonenumber"
private const val SMS = "pims.authentication.smscode"
private const val ENROLLMENT = "pims.authentication.enrollment"

/** `isAccountBlocked` as the facade answers it. */
public enum class AccountBlocked {
    /** The account can be used (during a temporary PIN lock too: OTPs answer 2317, wait and retry). */
    NotBlocked,

    /** Blocked (too many wrong PINs, or by an administrator): remove the enrollments and enroll again. */
    PinBlocked,

    /** The account server could not be asked. */
    Unknown,
}

/** The answer of the enrollment code check: does the account have a PIN already? */
public enum class EnrollmentStatus {
    /** The user chooses a PIN. */
    NotEnrolled,

    /** The user enters the account's PIN. */
    AlreadyEnrolled,
}

/** BasicAuthentication login (`SET pims.authentication.user {action: login}`). */
public suspend fun Pims.login(username: String, password: String): PimsResult<Unit> =
    unit(awaitSet(USER, mapOf("action" to "login", "username" to username, "password" to password)))

/** `SET pims.authentication.user {action: logout}`. */
public suspend fun Pims.logout(): PimsResult<Unit> = unit(awaitSet(USER, mapOf("action" to "logout")))

/**
 * An OTP: `GET pims.authentication.otp`, `withoutPIN` by default; with [withPin] the [pinCode] is proven.
 * [resetStep] drops a local enrollment the server no longer knows (2312), as the reference's flow asks.
 */
public suspend fun Pims.otp(withPin: Boolean = false, pinCode: String? = null, resetStep: Boolean = false): PimsResult<String> {
    val params = linkedMapOf<String, Any?>("action" to if (withPin) "withPIN" else "withoutPIN")
    if (pinCode != null) params["pinCode"] = pinCode
    if (resetStep) params["resetStep"] = true
    return PimsResult.of(awaitGet(OTP, params)) { it["otp"] as? String }
}

/** Step 1: is this device enrolled for the logged-in account? */
public suspend fun Pims.isDeviceActivated(): PimsResult<Boolean> =
    PimsResult.of(awaitGet(ACCOUNT, mapOf("actionType" to "strong", "type" to "isDeviceActivated"))) {
        it["isDeviceActivated"] as? Boolean
    }

/** Step 2: is the account blocked? */
public suspend fun Pims.isAccountBlocked(): PimsResult<AccountBlocked> =
    PimsResult.of(awaitGet(ACCOUNT, mapOf("actionType" to "strong", "type" to "isAccountBlocked"))) { r ->
        AccountBlocked.entries.firstOrNull { it.name == r["isAccountBlocked"] }
    }

/** Step 3: the account's trusted phone number (2307 when there is none). */
public suspend fun Pims.trustedPhoneNumber(): PimsResult<String> =
    PimsResult.of(awaitGet(PHONE)) { it["phoneNumber"] as? String }

/** An SMS with a code to [phoneNumber], to certify it (then [addPhoneNumber] or [enrollWithPhoneNumber]). */
public suspend fun Pims.requestPhoneNumberCertification(phoneNumber: String): PimsResult<Unit> =
    unit(awaitGet(SMS, mapOf("type" to "phoneNumberCertification", "phoneNumber" to phoneNumber)))

/** Makes the certified [phoneNumber] the account's trusted phone. */
public suspend fun Pims.addPhoneNumber(smsCode: String, phoneNumber: String): PimsResult<Unit> =
    unit(awaitSet(SMS, mapOf("type" to "addPhoneNumber", "smsCode" to smsCode, "phoneNumber" to phoneNumber)))

/** Step 5: the enrollment SMS to the trusted phone. */
public suspend fun Pims.requestEnrollmentSms(): PimsResult<Unit> = unit(awaitGet(SMS, mapOf("type" to "enrollment")))

/** Step 6: checks the enrollment code (kept for [enroll]) and tells whether the account has a PIN. */
public suspend fun Pims.checkEnrollmentCode(smsCode: String): PimsResult<EnrollmentStatus> =
    PimsResult.of(awaitSet(SMS, mapOf("action" to "enrollment", "smsCode" to smsCode))) { r ->
        EnrollmentStatus.entries.firstOrNull { it.name == r["status"] }
    }

/** Step 7: activates this device with [pinCode]; [smsCode] may be left out after [checkEnrollmentCode]. */
public suspend fun Pims.enroll(pinCode: String, smsCode: String? = null): PimsResult<Unit> {
    val params = linkedMapOf<String, Any?>("action" to "enroll", "pinCode" to pinCode)
    if (smsCode != null) params["smsCode"] = smsCode
    return unit(awaitSet(ENROLLMENT, params))
}

/** The shortcut of SDK 2.1: certified phone number, enrollment and activation in one call. */
public suspend fun Pims.enrollWithPhoneNumber(pinCode: String, smsCode: String, phoneNumber: String): PimsResult<Unit> =
    unit(awaitSet(ENROLLMENT, mapOf("action" to "enrollWithPhoneNumber", "pinCode" to pinCode, "smsCode" to smsCode,
        "phoneNumber" to phoneNumber)))

/** Removes every enrollment of the account (this device's state too). */
public suspend fun Pims.removeEnrollments(): PimsResult<Unit> = unit(awaitSet(ENROLLMENT, mapOf("action" to "remove")))

private fun unit(message: Map<String, Any?>): PimsResult<Unit> = PimsResult.of(message) { }
