package dev.pims.server.sms;

import dev.pims.server.db.Database;
import java.time.Clock;
import java.util.List;

/**
 * Development sender: every SMS is stored in the {@code sms_outbox} table (shared by every node of a
 * cluster) and can be read with {@code GET /admin/v1/sms-outbox?phoneNumber=...}. It necessarily holds the
 * codes: it stands in for the user's phone. Production uses {@link WebhookSmsSender}.
 */
public final class OutboxSmsSender implements SmsSender {
    private static final long KEEP_MILLIS = 7L * 24 * 3600 * 1000;
    private final Database db;
    private final Clock clock;

    public OutboxSmsSender(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Entry(long id, String phoneNumber, String code, String text, long sentAt) {
        @Override
        public String toString() {
            return "OutboxEntry[" + id + "]";
        }
    }

    @Override
    public void send(SmsMessage m) {
        long now = clock.millis();
        db.inTransaction(sql -> {
            sql.update("DELETE FROM sms_outbox WHERE sent_at < ?", now - KEEP_MILLIS);
            return sql.update("INSERT INTO sms_outbox (phone_number, code, body, sent_at) VALUES (?,?,?,?)",
                    m.phoneNumber(), m.code(), m.text(), now);
        });
    }

    /** Newest first; {@code phoneNumber} null = every number. At most 200 messages. */
    public List<Entry> list(String phoneNumber) {
        String where = phoneNumber == null ? "" : " WHERE phone_number = ?";
        Object[] params = phoneNumber == null ? new Object[0] : new Object[] {phoneNumber};
        return db.inTransaction(sql -> sql.query("SELECT id, phone_number, code, body, sent_at FROM sms_outbox"
                + where + " ORDER BY id DESC LIMIT 200", rs -> new Entry(rs.getLong("id"), rs.getString("phone_number"),
                rs.getString("code"), rs.getString("body"), rs.getLong("sent_at")), params));
    }

    @Override
    public String name() {
        return "outbox";
    }
}
