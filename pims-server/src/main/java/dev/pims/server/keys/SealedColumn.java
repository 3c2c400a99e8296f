package dev.pims.server.keys;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A column that holds values sealed under the master key, and the purpose (associated data) each value was sealed
 * with, computed from the row's primary key. Every {@code *_enc} column of the schema (and the outbox's {@code sealed}) must be listed in
 * {@link #ALL} (KeyRotationTest checks the schema against it): a rotation re-seals exactly these.
 */
record SealedColumn(String table, String key, String column, UnaryOperator<String> purpose) {

    static final List<SealedColumn> ALL = List.of(
            new SealedColumn("integrations", "macid", "kfact_private_enc", k -> "integration.kfact:" + k),
            new SealedColumn("accounts", "login", "pin_enc", k -> "account.pin:" + k),
            new SealedColumn("activation_codes", "id", "kiw_private_enc", k -> "activation.kiw:" + k),
            device("serial_enc", "serial"), device("kma_enc", "kma"), device("k0_enc", "k0"), device("k1_enc", "k1"),
            device("k1_prev_enc", "k1prev"), device("secval_enc", "secval"),
            new SealedColumn("devices", "id", "ms_private_enc", k -> "device.mskey:" + k),
            new SealedColumn("secret_keys", "name", "value_enc", LookupKey::purpose),
            // the development outbox (sms.OutboxSmsSender): code and text sealed per phone number
            new SealedColumn("sms_outbox", "phone_number", "sealed", k -> "sms-outbox:" + k));

    private static SealedColumn device(String column, String what) {
        return new SealedColumn("devices", "id", column, k -> "device." + what + ":" + k);
    }
}
