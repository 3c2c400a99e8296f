package dev.pims.sdk.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The public API of pims-sdk is the committed file api/pims-sdk.api: any change to it is deliberate. */
class PublicApiTest {

    @Test
    void publicApiMatchesTheCommittedFile() throws Exception {
        ApiDump dump = new ApiDump();
        String actual = dump.dump(classesDir());
        assertThat(dump.leaks()).as("public signatures naming internal types").isEmpty();
        String diff = ApiDump.compare(Paths.get("api", "pims-sdk.api"), actual, Paths.get("target", "api", "pims-sdk.api"));
        assertThat(diff).as("API check").isNull();
    }

    @Test
    void internalTypesAreNotInThePublicFile() throws Exception {
        String actual = new ApiDump().dump(classesDir());
        assertThat(actual).contains("public final class dev.pims.sdk.Pims implements java.lang.AutoCloseable")
                .doesNotContain(".internal.");
    }

    static Path classesDir() throws URISyntaxException {
        return Paths.get(Pims.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
