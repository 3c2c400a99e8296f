package example

import dev.pims.sdk.kotlin.PimsResult
import dev.pims.server.PimsServer
import dev.pims.server.ServerConfig
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files

class OtpAppTest {
    private val token = "consumer-admin-token-0123456789abcdef"

    @Test
    fun enrollsThenGetsAnOtpTheServerVerifies(): Unit = runBlocking {
        PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
            .dataDir(Files.createTempDirectory("kotlin-consumer")).adminToken(token).keyPoolSize(1).development().build()).use { server ->
            val url = server.baseUrl()
            admin(url, "POST", "/admin/v1/users",
                """{"login":"dave","password":"pw-dave-1","phoneNumber":"+33612000002"}""", 201)
            OtpApp(url).use { app ->
                assertEquals(PimsResult.Success(Unit), app.start("dave", "pw-dave-1"))
                assertEquals(PimsResult.Success(Unit), app.requestEnrollmentSms())
                val outbox = admin(url, "GET", "/admin/v1/sms-outbox?phoneNumber=%2B33612000002", null, 200)
                val code = Regex("\"code\"\\s*:\\s*\"([0-9]+)\"").find(outbox)!!.groupValues[1]
                assertEquals(PimsResult.Success(Unit), app.enroll(code, "1357"))
                val otp = app.otp()
                assertTrue(otp is PimsResult.Success, "$otp")
                val verdict = admin(url, "POST", "/api/v1/otp/verify",
                    """{"login":"dave","otp":"${otp.getOrNull()}","requirePin":false}""", 200)
                assertTrue(verdict.replace(" ", "").contains("\"result\":\"OK\""), verdict)
            }
        }
    }

    private fun admin(url: String, method: String, path: String, body: String?, expected: Int): String {
        val request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer $token")
            .header("Content-Type", "application/json")
            .method(method, if (body == null) HttpRequest.BodyPublishers.noBody() else HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        assertEquals(expected, response.statusCode(), "$path: ${response.body()}")
        return response.body()
    }
}
