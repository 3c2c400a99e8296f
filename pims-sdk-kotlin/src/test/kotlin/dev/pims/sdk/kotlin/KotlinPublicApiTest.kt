package dev.pims.sdk.kotlin

import dev.pims.sdk.apicheck.ApiDump
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import java.nio.file.Paths

/** The public API of pims-sdk-kotlin is the committed file api/pims-sdk-kotlin.api. */
class KotlinPublicApiTest {

    @Test
    fun publicApiMatchesTheCommittedFile() {
        val classes = Paths.get(PimsResult::class.java.protectionDomain.codeSource.location.toURI())
        val dump = ApiDump()
        val actual = dump.dump(classes)
        assertThat(dump.leaks()).`as`("public signatures naming internal types").isEmpty()
        assertThat(actual).contains("dev.pims.sdk.kotlin.PimsCoroutines.awaitGet")
        val diff = ApiDump.compare(Paths.get("api", "pims-sdk-kotlin.api"), actual, Paths.get("target", "api", "pims-sdk-kotlin.api"))
        assertThat(diff).`as`("API check").isNull()
    }
}
