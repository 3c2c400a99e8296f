package dev.pims.e2e

import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** The Kotlin snippets of the documents, run against the real server: enrollment (full path), OTPs. */
class KotlinDocSnippetsE2eTest {

    private data class Account(val login: String, val password: String, val phone: String)

    private companion object {
        const val PIN = "1357"
        const val MACID = "kt"

        @TempDir
        @JvmStatic
        lateinit var dir: Path
        private var started: E2eServer? = null
        val server: E2eServer get() = started!!

        @BeforeAll
        @JvmStatic
        fun start() {
            started = E2eServer.start(Files.createDirectories(dir.resolve("server")))
            server.createIntegration(E2eServer.obj("macid", MACID))
        }

        @AfterAll
        @JvmStatic
        fun stop() {
            started?.close()
        }

        fun newAccount(withPhone: Boolean): Account {
            val login = E2eServer.newLogin("k")
            val account = Account(login, "pw-$login-secret", E2eServer.newPhone())
            server.createUser(login, account.password, if (withPhone) account.phone else null)
            return account
        }

        fun params() = Sdk.params(server.baseUrl(), MACID, Files.createTempDirectory(dir, "app"))
    }

    /** The user of the snippets: answers from the server's SMS outbox; OTPs checked by the relying-party API. */
    private class User(private val account: Account, private val requirePin: Boolean) : App {
        val shown = mutableListOf<String>()
        val asked = mutableListOf<String>()
        val verified = CompletableFuture<String>()

        override fun askUser(what: String): String {
            asked.add(what)
            return when (what) {
                "your phone number" -> account.phone
                "the code in the SMS" -> server.newestSmsCode(account.phone)
                else -> PIN
            }
        }

        override fun show(message: String) {
            shown.add(message)
        }

        override fun sendToRelyingParty(otp: String) {
            verified.complete(server.verify(account.login, otp, requirePin).get("result").asText())
        }
    }

    @Test
    fun setUpEnrollThenOtpBothWays(): Unit = runBlocking {
        val account = newAccount(false)
        val user = User(account, false)
        val pims = setUp(params(), account.login, account.password, user)
        try {
            enroll(pims, user)
            assertThat(user.asked).containsExactly("your phone number", "the code in the SMS", "the code in the SMS",
                "a new PIN")
            assertThat(user.shown).containsExactly("logged in", "this device is enrolled")
            otp(pims, user)
            assertThat(user.verified.get(30, TimeUnit.SECONDS)).isEqualTo("OK")

            val withPin = User(account, true)
            otpByCallback(pims, PIN, withPin)
            assertThat(withPin.verified.get(30, TimeUnit.SECONDS)).isEqualTo("OK")
            val wrong = User(account, true)
            otpByCallback(pims, "0000", wrong)
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
            while (wrong.shown.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10)
            }
            assertThat(wrong.shown).containsExactly("error 2308")
        } finally {
            pims.close()
        }
    }

    @Test
    fun aSecondDeviceAsksForTheAccountsPin(): Unit = runBlocking {
        val account = newAccount(true)
        val first = User(account, false)
        val one = setUp(params(), account.login, account.password, first)
        val two = setUp(params(), account.login, account.password, first)
        try {
            enroll(one, first)
            val second = User(account, false)
            enroll(two, second)
            assertThat(second.asked).containsExactly("the code in the SMS", "your PIN")
            otp(two, second)
            assertThat(second.verified.get(30, TimeUnit.SECONDS)).isEqualTo("OK")
        } finally {
            one.close()
            two.close()
        }
    }
}
