package example

import dev.pims.sdk.Pims
import dev.pims.sdk.kotlin.PimsResult
import dev.pims.sdk.kotlin.awaitInitialize
import dev.pims.sdk.kotlin.enroll
import dev.pims.sdk.kotlin.login
import dev.pims.sdk.kotlin.otp
import dev.pims.sdk.kotlin.requestEnrollmentSms

/** A tiny Kotlin app on pims-sdk-kotlin: log in, enroll this device, then PIN-less OTPs. */
class OtpApp(private val serverUrl: String) : AutoCloseable {
    private val pims = Pims()

    suspend fun start(username: String, password: String): PimsResult<Unit> {
        val init = pims.awaitInitialize(mapOf("environnement" to "Production", "mode" to "B2C",
            "credential" to mapOf("clientID" to "pims-dev", "clientSecret" to "pims-dev-secret", "macID" to "default",
                "inWeboURL" to serverUrl, "webviewsRedirectURI" to "app://w", "loginRedirectURI" to "app://l"),
            "profile" to mapOf("brand" to "Peugeot")))
        check(init["status"] == "SUCCEEDED") { "initialize: ${init["error"]}" }
        return pims.login(username, password)
    }

    suspend fun requestEnrollmentSms(): PimsResult<Unit> = pims.requestEnrollmentSms()

    suspend fun enroll(smsCode: String, pin: String): PimsResult<Unit> = pims.enroll(pinCode = pin, smsCode = smsCode)

    suspend fun otp(): PimsResult<String> = pims.otp(withPin = false)

    override fun close() = pims.close()
}
