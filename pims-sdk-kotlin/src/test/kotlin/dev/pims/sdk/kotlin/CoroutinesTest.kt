package dev.pims.sdk.kotlin

import dev.pims.sdk.Pims
import dev.pims.sdk.TestParams
import dev.pims.sdk.error.PimsError
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import java.util.concurrent.Executor
import java.util.concurrent.LinkedBlockingQueue

/** The suspend twins and the typed helpers against the facade (no network: the facade's own rules). */
class CoroutinesTest {

    /** Holds every task until [runAll]: a call can be cancelled while the facade still has it. */
    private class HeldExecutor : Executor {
        val tasks = LinkedBlockingQueue<Runnable>()
        override fun execute(command: Runnable) {
            tasks.add(command)
        }

        fun runAll() {
            while (true) {
                (tasks.poll() ?: return).run()
            }
        }
    }

    @Test
    fun suspendTwinAnswersTheSameMessageAsTheCallback(): Unit = runBlocking {
        Pims().use { pims ->
            val msg = pims.awaitGet("pims.sdk.version")
            assertThat(msg["status"]).isEqualTo("FAILED")
            assertThat(msg["error"]).isEqualTo(mapOf("code" to 2001, "label" to "Facade not initialized"))
            val otp = pims.otp()
            assertThat(otp).isEqualTo(PimsResult.Failure(2001, "Facade not initialized"))
            assertThat((otp as PimsResult.Failure).error).isEqualTo(PimsError.FACADE_NOT_INITIALIZED)

            assertThat(pims.awaitInitialize(TestParams.init("http://127.0.0.1:9"))["status"]).isEqualTo("SUCCEEDED")
            val version = pims.awaitGet("pims.sdk.version")
            assertThat((version["result"] as Map<*, *>)["versionCore"]).isEqualTo(Pims.VERSION)
            // the helpers check parameters and the session before any network call
            assertThat(pims.otp(withPin = true)).isEqualTo(PimsResult.Failure(2101, "Missing pinCode parameter"))
            assertThat(pims.otp(withPin = true, pinCode = "12ab")).isEqualTo(PimsResult.Failure(2102, "Invalid pinCode parameter"))
            assertThat(pims.otp()).isEqualTo(PimsResult.Failure(2301, PimsError.NEED_BASIC_AUTHENTICATION.label()))
            assertThat(pims.isDeviceActivated()).isEqualTo(PimsResult.Failure(2301, PimsError.NEED_BASIC_AUTHENTICATION.label()))
            assertThat(pims.enroll(pinCode = "1357")).isEqualTo(PimsResult.Failure(2301, PimsError.NEED_BASIC_AUTHENTICATION.label()))
            assertThat(pims.awaitRelease()["status"]).isEqualTo("SUCCEEDED")
        }
    }

    @Test
    fun cancellingTheCoroutineLetsTheCallFinishInsideTheSdk(): Unit = runBlocking {
        val work = HeldExecutor()
        Pims.builder().workExecutor(work).build().use { pims ->
            val call = async(start = CoroutineStart.UNDISPATCHED) { pims.awaitInitialize(TestParams.init(null)) }
            yield()
            assertThat(work.tasks).isNotEmpty()
            call.cancel()
            assertThat(call.isCancelled).isTrue()
            // the facade still runs the call to its end: the facade is initialized, its answer was dropped
            work.runAll()
            val again = async { pims.awaitInitialize(TestParams.init(null)) }
            yield()
            work.runAll()
            assertThat(again.await()["error"]).isEqualTo(mapOf("code" to 2007, "label" to "Facade already initialized"))
        }
    }

    @Test
    fun subscriptionFlowEmitsTheAcknowledgementThenEvents(): Unit = runBlocking {
        Pims().use { pims ->
            val unready = pims.subscribeFlow("pims.authentication.user").first()
            assertThat((unready["error"] as Map<*, *>)["code"]).isEqualTo(2001)
            assertThat(pims.awaitInitialize(TestParams.init(null))["status"]).isEqualTo("SUCCEEDED")
            val first = pims.subscribeFlow("pims.authentication.user").take(1).toList()
            assertThat(first.single()["status"]).isEqualTo("SUCCEEDED")
        }
    }
}
