package dev.pims.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/** initialize parameters as a host passes them: nested maps. */
public final class TestParams {

    private TestParams() {
    }

    public static Map<String, Object> init(String url) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("clientID", "pims-dev");
        credential.put("clientSecret", "pims-dev-secret");
        credential.put("webviewsRedirectURI", "app://webviews");
        credential.put("loginRedirectURI", "app://login");
        if (url != null) {
            credential.put("macID", "demo");
            credential.put("inWeboURL", url);
        }
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("brand", "Peugeot");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("environnement", "development");
        p.put("mode", "B2C");
        p.put("credential", credential);
        p.put("profile", profile);
        return p;
    }

    public static Map<String, Object> of(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> credential(Map<String, Object> init) {
        return (Map<String, Object>) init.get("credential");
    }
}
