package dev.pims.server.sms;

import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.LockRank;
import dev.pims.server.db.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SMS code rows ({@code sms_codes}). Callers lock them first ({@link #lockAllOf}), then the account row, so the operations on one account's
 * codes are serialised. phoneNumberCertification and resetPIN codes are stored as a keyed HMAC bound to the
 * row id (hence to the account and purpose); enrollment rows only link an activation code. The phone number
 * of a row is where the code was sent: the certified number, or the trusted number at the time.
 * A new code of a purpose replaces the live one (the old row is marked used).
 */
public final class SmsCodes {
    private static final String COLUMNS = "id, login, purpose, phone_number, code_hash, activation_code_id,"
            + " expires_at, tries, max_tries, used_at, created_at";
    private final SecretBox box;

    public SmsCodes(SecretBox box) {
        this.box = box;
    }

    public enum Purpose {
        ENROLLMENT("enrollment"), PHONE_CERTIFICATION("phoneNumberCertification"), RESET_PIN("resetPIN"),
        /** A code sent to the account's current trusted phone: proof of that phone for changing it. */
        CURRENT_PHONE("currentPhoneNumber");

        private final String apiName;

        Purpose(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }

        public static Optional<Purpose> fromApi(String s) {
            for (Purpose p : values()) {
                if (p.apiName.equals(s)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    public record Row(String id, String login, String purpose, String phoneNumber, String codeHash,
            String activationCodeId, long expiresAt, int tries, int maxTries, Long usedAt, long createdAt) { }

    /** Result of presenting a code. */
    public sealed interface Check {
        record Ok(Row row) implements Check { }
        /** Wrong, unknown, used, replaced or killed (a try was charged when a live code exists). */
        record Wrong() implements Check { }
        /** The right code, but expired. */
        record Expired() implements Check { }
    }

    /**
     * Row-locks every SMS code row of {@code login} (lock rank CODE, ascending id). The account API takes it
     * before the account row, so that later updates and deletes of these rows wait for no one.
     */
    public void lockAllOf(Sql sql, String login) throws SQLException {
        sql.acquiring(LockRank.CODE, null);
        sql.query("SELECT id FROM sms_codes WHERE login = ? ORDER BY id FOR UPDATE", rs -> rs.getString(1), login);
    }

    /** Kills every live code of {@code login} (the trusted phone changed: codes sent to the old one die). */
    public void killAll(Sql sql, String login, long now) throws SQLException {
        sql.update("UPDATE sms_codes SET used_at = ? WHERE login = ? AND used_at IS NULL", now, login);
    }

    /** Marks the unused codes of (login, purpose) used; returns the activation code ids they linked. */
    public java.util.List<String> replaceLive(Sql sql, String login, Purpose purpose, long now) throws SQLException {
        java.util.List<String> linked = sql.query("SELECT activation_code_id FROM sms_codes WHERE login = ? AND purpose = ?"
                + " AND used_at IS NULL AND activation_code_id IS NOT NULL", rs -> rs.getString(1), login, purpose.name());
        sql.update("UPDATE sms_codes SET used_at = ? WHERE login = ? AND purpose = ? AND used_at IS NULL", now, login,
                purpose.name());
        return linked;
    }

    /** Forgets rows older than {@code before} (rate-limit window and audit are over by then). */
    public void purgeOld(Sql sql, String login, long before) throws SQLException {
        sql.update("DELETE FROM sms_codes WHERE login = ? AND created_at < ?", login, before);
    }

    public void insert(Sql sql, String id, String login, Purpose purpose, String phoneNumber, String code,
            String activationCodeId, long expiresAt, int maxTries, long now) throws SQLException {
        sql.update("INSERT INTO sms_codes (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)", id, login, purpose.name(),
                phoneNumber, code == null ? null : hash(id, code), activationCodeId, expiresAt, 0, maxTries,
                Sql.nullableLong(null), now);
    }

    /**
     * Presents {@code code} (and, for phoneNumberCertification, the number it must have been sent to) against
     * the current code of (login, purpose). A mismatch charges a try to the current code.
     */
    public Check check(Sql sql, String login, Purpose purpose, String code, String phoneNumber, long now)
            throws SQLException {
        Optional<Row> current = sql.one("SELECT " + COLUMNS + " FROM sms_codes WHERE login = ? AND purpose = ?"
                + " AND used_at IS NULL AND code_hash IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1",
                SmsCodes::map, login, purpose.name());
        if (current.isEmpty() || current.get().tries() >= current.get().maxTries()) {
            return new Check.Wrong();
        }
        Row row = current.get();
        boolean codeOk = MessageDigest.isEqual(row.codeHash().getBytes(StandardCharsets.US_ASCII),
                hash(row.id(), code).getBytes(StandardCharsets.US_ASCII));
        boolean phoneOk = phoneNumber == null || phoneNumber.equals(row.phoneNumber());
        if (!codeOk || !phoneOk) {
            sql.update("UPDATE sms_codes SET tries = tries + 1 WHERE id = ?", row.id());
            return new Check.Wrong();
        }
        if (now >= row.expiresAt()) {
            return new Check.Expired();
        }
        return new Check.Ok(row);
    }

    /** Single use: true for exactly one caller. */
    public boolean consume(Sql sql, String id, long now) throws SQLException {
        return sql.update("UPDATE sms_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", now, id) == 1;
    }

    private String hash(String id, String code) {
        return box.lookupHash("sms-code", id + "\n" + code);
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("login"), rs.getString("purpose"),
                rs.getString("phone_number"), rs.getString("code_hash"), rs.getString("activation_code_id"),
                rs.getLong("expires_at"), rs.getInt("tries"), rs.getInt("max_tries"), Sql.getNullableLong(rs, "used_at"),
                rs.getLong("created_at"));
    }
}
