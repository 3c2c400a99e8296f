package dev.pims.sdk.kotlin

import dev.pims.sdk.error.PimsError

/** What a typed helper answers: the value of a SUCCEEDED message, or the reference's error code and label. */
public sealed interface PimsResult<out T> {

    /** The call succeeded with [value]. */
    public data class Success<out T>(val value: T) : PimsResult<T>

    /** The call failed with the facade error [code] and its [label], exactly as in the message. */
    public data class Failure(val code: Int, val label: String) : PimsResult<Nothing> {
        /** The catalogue entry of [code], null for a code outside the catalogue. */
        val error: PimsError? get() = PimsError.ofCode(code).orElse(null)
    }

    /** The value, or null after a failure. */
    public fun getOrNull(): T? = (this as? Success<T>)?.value

    public companion object {
        /**
         * Reads a facade message: SUCCEEDED gives [Success] of [read] applied to its result map (empty when the
         * message has none); FAILED gives [Failure]. A message of another shape is a 2203 failure.
         */
        public fun <T> of(message: Map<String, Any?>, read: (Map<*, *>) -> T?): PimsResult<T> {
            return when (message["status"]) {
                "SUCCEEDED" -> {
                    val value = read(message["result"] as? Map<*, *> ?: emptyMap<String, Any>())
                    if (value != null) Success(value) else invalidReturn()
                }
                "FAILED" -> {
                    val error = message["error"] as? Map<*, *>
                    val code = error?.get("code") as? Int
                    val label = error?.get("label") as? String
                    if (code != null && label != null) Failure(code, label) else invalidReturn()
                }
                else -> invalidReturn()
            }
        }

        private fun invalidReturn(): Failure = Failure(PimsError.INVALID_RETURN.code(), PimsError.INVALID_RETURN.label())
    }
}
