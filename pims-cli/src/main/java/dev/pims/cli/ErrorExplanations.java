package dev.pims.cli;

import java.util.Map;

/**
 * The facade's error codes in plain words, for the person at the terminal: what most likely happened and what
 * to do. Printed beside the code and the SDK's own label, which stay the reference (pims-errors.csv).
 */
public final class ErrorExplanations {
    private static final Map<Integer, String> PLAIN = Map.ofEntries(
            Map.entry(2101, "a parameter is missing"),
            Map.entry(2102, "a parameter has an invalid value (check the PIN length and the options)"),
            Map.entry(2201, "the server did not answer in time"),
            Map.entry(2202, "the server cannot be reached: check --url and that the server is running"),
            Map.entry(2203, "the answer could not be read: is --url the address of a pims server?"),
            Map.entry(2204, "the server failed: its log says why"),
            Map.entry(2301, "the login was refused: wrong user or password, or an OAuth client the server does not"
                    + " have (a production server has no pims-dev client: give --client-id and --client-secret-env)"),
            Map.entry(2302, "this account needs an enrolled device: run ./pims device enroll first"),
            Map.entry(2305, "the SMS or activation code is wrong (or was used, or replaced by a newer one)"),
            Map.entry(2306, "the code has expired: ask for a new one"),
            Map.entry(2307, "the account has no trusted phone number yet (to enroll without one, ask an administrator"
                    + " for an activation code and give it with --sms-code)"),
            Map.entry(2308, "the server refused: wrong PIN, or this device or account may not do that"),
            Map.entry(2309, "the server asks for a newer client version"),
            Map.entry(2310, "the account is blocked: an administrator can unblock it"
                    + " (POST /admin/v1/users/LOGIN/unblock)"),
            Map.entry(2311, "this machine's device state and the server disagree: enroll again"),
            Map.entry(2312, "the server does not know this device, or disabled it: enroll again"),
            Map.entry(2313, "this machine is not enrolled for the account: run ./pims device enroll (same --storage)"),
            Map.entry(2314, "the server offers no service for this integration: check --macid"),
            Map.entry(2315, "the new PIN is the same as the old one"),
            Map.entry(2316, "the operation succeeded but the resynchronisation after it failed: try again"),
            Map.entry(2317, "not allowed in the account's current state (blocked, or a device is already active)"));

    private ErrorExplanations() {
    }

    /** {@code 2308 "inwebo: access refused": the server refused: wrong PIN, ...} */
    public static String describe(int code, String label) {
        String plain = PLAIN.getOrDefault(code, "see the error codes in docs/sdk.md");
        return code + " \"" + (label == null ? "" : label.strip()) + "\": " + plain;
    }
}
