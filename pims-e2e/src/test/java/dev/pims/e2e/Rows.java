package dev.pims.e2e;

import java.util.List;
import java.util.Map;

/** The API rows of pims-sdk.md section 4 with valid parameters (they reach the network when one is used). */
final class Rows {
    private Rows() {
    }

    /**
     * One row. {@code selector}: the parameter choosing the operation (null: none); {@code missingName}: the
     * parameter named by 2101 when the selector is absent; {@code notConfigured}: 2006 or 2344;
     * {@code accountServer}: calls the account API; {@code device}: needs an enrolled device.
     */
    record Row(String name, boolean get, String api, Map<String, Object> params, String selector, String missingName,
               int notConfigured, boolean accountServer, boolean deviceProtocol) {
        Map<String, Object> call(Sdk s) {
            return get ? s.get(api, flat(params)) : s.set(api, flat(params));
        }

        Map<String, Object> callWithout(Sdk s, String key) {
            Map<String, Object> p = new java.util.LinkedHashMap<>(params);
            p.remove(key);
            return get ? s.get(api, flat(p)) : s.set(api, flat(p));
        }

        Map<String, Object> callWith(Sdk s, String key, Object value) {
            Map<String, Object> p = new java.util.LinkedHashMap<>(params);
            p.put(key, value);
            return get ? s.get(api, flat(p)) : s.set(api, flat(p));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Object[] flat(Map<String, Object> m) {
        Object[] kv = new Object[m.size() * 2];
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return kv;
    }

    static final String PHONE = "+33699999999";

    /** In an order where the rows that change the server's state come last. */
    static List<Row> all() {
        return List.of(
                new Row("GET otp withoutPIN", true, Sdk.OTP, Map.of("action", "withoutPIN"),
                        "action", "action", 2006, false, true),
                new Row("GET otp withPIN", true, Sdk.OTP, ordered("action", "withPIN", "pinCode", E2eBase.PIN),
                        "action", "action", 2006, false, true),
                new Row("GET account isDeviceActivated", true, Sdk.ACCOUNT,
                        ordered("actionType", "strong", "type", "isDeviceActivated"), "type", "type", 2344, false, false),
                new Row("GET account isAccountBlocked", true, Sdk.ACCOUNT,
                        ordered("actionType", "strong", "type", "isAccountBlocked"), "type", "type", 2344, true, false),
                new Row("GET trustedphonenumber", true, Sdk.PHONE, Map.of(), null, null, 2006, true, false),
                new Row("GET smscode enrollment", true, Sdk.SMS, Map.of("type", "enrollment"),
                        "type", "type", 2006, true, false),
                new Row("GET smscode phoneNumberCertification", true, Sdk.SMS,
                        ordered("type", "phoneNumberCertification", "phoneNumber", PHONE), "type", "type", 2006, true, false),
                new Row("GET smscode resetPIN", true, Sdk.SMS, Map.of("type", "resetPIN"), "type", "type", 2006, true, false),
                new Row("SET smscode enrollment", false, Sdk.SMS, ordered("action", "enrollment", "smsCode", "12345678"),
                        "action", "action", 2006, true, false),
                new Row("SET smscode addPhoneNumber", false, Sdk.SMS,
                        ordered("type", "addPhoneNumber", "smsCode", "12345678", "phoneNumber", PHONE),
                        "type", "action", 2006, true, false),
                new Row("SET smscode modifyPhoneNumber", false, Sdk.SMS,
                        ordered("type", "modifyPhoneNumber", "smsCode", "12345678", "phoneNumber", PHONE),
                        "type", "action", 2006, true, false),
                new Row("SET pincode reset", false, Sdk.PIN, ordered("action", "reset", "pinCode", "8642", "smsCode", "12345678"),
                        "action", "action", 2344, true, false),
                new Row("SET pincode update", false, Sdk.PIN, ordered("action", "update", "oldPIN", "9753", "newPIN", "8642"),
                        "action", "action", 2344, true, false),
                new Row("SET enrollment enroll", false, Sdk.ENROLLMENT,
                        ordered("action", "enroll", "pinCode", E2eBase.PIN, "smsCode", "12345678"),
                        "action", "action", 2344, false, true),
                new Row("SET enrollment enrollWithPhoneNumber", false, Sdk.ENROLLMENT,
                        ordered("action", "enrollWithPhoneNumber", "pinCode", E2eBase.PIN, "smsCode", "12345678",
                                "phoneNumber", PHONE), "action", "action", 2344, true, true),
                new Row("SET enrollment remove", false, Sdk.ENROLLMENT, Map.of("action", "remove"),
                        "action", "action", 2344, true, false));
    }

    static Row row(String name) {
        return all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Object> ordered(Object... kv) {
        return Sdk.map(kv);
    }
}
