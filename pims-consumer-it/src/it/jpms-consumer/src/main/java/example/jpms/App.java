package example.jpms;

import dev.pims.sdk.Pims;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.store.MemoryDeviceStateStore;
import dev.pims.sdk.transport.UrlConnectionTransport;

/** Uses every exported package of dev.pims.sdk from a named module. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        try (Pims pims = Pims.builder().transport(new UrlConnectionTransport())
                .deviceStateStore(new MemoryDeviceStateStore()).build()) {
            System.out.println(PimsError.FACADE_NOT_INITIALIZED.code() + " " + pims.getAsync("pims.sdk.version",
                    java.util.Map.of()).join().get("status"));
        }
    }
}
