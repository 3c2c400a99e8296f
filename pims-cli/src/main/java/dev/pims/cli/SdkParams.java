package dev.pims.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code initialize} parameters the CLI gives the facade. */
public final class SdkParams {
    /** The development OAuth client: only a server in development mode (--dev, pims.mode=development) has it. */
    public static final String DEV_CLIENT_ID = "pims-dev";
    public static final String DEV_CLIENT_SECRET = "pims-dev-secret";

    private SdkParams() {
    }

    public static Map<String, Object> initialize(String serverUrl, String macid, Path storage, String clientId,
                                                 String clientSecret) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("clientID", clientId);
        credential.put("clientSecret", clientSecret);
        credential.put("macID", macid);
        credential.put("inWeboURL", serverUrl);
        credential.put("serverURL", serverUrl);
        credential.put("webviewsRedirectURI", "pims://webviews");
        credential.put("loginRedirectURI", "pims://login");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("environnement", "development");
        params.put("mode", "B2C");
        params.put("credential", credential);
        params.put("profile", Map.of("brand", "Peugeot"));
        params.put("storage", Map.of("path", storage.toAbsolutePath().toString()));
        return params;
    }
}
