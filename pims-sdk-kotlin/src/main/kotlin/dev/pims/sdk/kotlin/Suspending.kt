@file:JvmName("PimsCoroutines")

package dev.pims.sdk.kotlin

import dev.pims.sdk.Pims
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.function.Consumer
import kotlin.coroutines.resume

/*
 * Suspend twins of the facade calls. Each suspends until the facade's one answer and returns the message
 * map exactly as the callback would receive it ({transactionId, status, result | error}).
 *
 * Cancellation: cancelling the coroutine stops the wait only. The call already handed to the facade runs to
 * its end on the SDK's work executor, under the SDK's lock for that device, and its state is saved
 * atomically, so a cancelled OTP or enrollment never leaves a torn device state: the answer is dropped, and
 * the next call sees the state after the cancelled one (for an OTP, the ratchet has moved once more).
 */

/** Suspend twin of [Pims.initialize]. */
public suspend fun Pims.awaitInitialize(params: Map<String, Any?>): Map<String, Any?> =
    awaitMessage { initialize(params, it) }

/** Suspend twin of [Pims.release]. */
public suspend fun Pims.awaitRelease(): Map<String, Any?> = awaitMessage { release(it) }

/** Suspend twin of [Pims.get]. */
public suspend fun Pims.awaitGet(api: String, params: Map<String, Any?> = emptyMap()): Map<String, Any?> =
    awaitMessage { get(api, params, it) }

/** Suspend twin of [Pims.set]. */
public suspend fun Pims.awaitSet(api: String, params: Map<String, Any?> = emptyMap()): Map<String, Any?> =
    awaitMessage { set(api, params, it) }

/** Suspend twin of [Pims.unsubscribe]. */
public suspend fun Pims.awaitUnsubscribe(api: String): Map<String, Any?> = awaitMessage { unsubscribe(api, it) }

/**
 * [Pims.subscribe] as a cold [Flow]: collecting subscribes, every message (the acknowledgement first, then one
 * per event) is emitted, and cancelling the collector unsubscribes.
 */
public fun Pims.subscribeFlow(api: String, params: Map<String, Any?> = emptyMap()): Flow<Map<String, Any?>> =
    callbackFlow {
        subscribe(api, params) { msg -> trySend(msg) }
        awaitClose { unsubscribe(api) { } }
    }

private suspend fun awaitMessage(call: (Consumer<Map<String, Any>>) -> Unit): Map<String, Any?> =
    suspendCancellableCoroutine { cont ->
        // the facade answers exactly once; after a cancellation the answer is simply dropped
        call(Consumer { msg -> if (cont.isActive) cont.resume(msg) })
    }
