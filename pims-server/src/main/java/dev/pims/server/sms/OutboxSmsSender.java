package dev.pims.server.sms;

import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Database;
import java.time.Clock;
import java.util.List;

/**
 * Development sender: every SMS is stored in the {@code sms_outbox} table (shared by every node of a
 * cluster) and can be read with {@code GET /admin/v1/sms-outbox?phoneNumber=...}. It necessarily holds the
 * codes: it stands in for the user's phone. The code and the text are sealed under the master key
 * (AES-GCM, bound to the destination number), so a copy of the table or a backup shows no code; the admin
 * route opens them. Production uses {@link WebhookSmsSender}.
 */
public final class OutboxSmsSender implements SmsSender {
    private static final long KEEP_MILLIS = 7L * 24 * 3600 * 1000;
    private final Database db;
    private final SecretBox box;
    private final Clock clock;

    public OutboxSmsSender(Database db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
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
            return sql.update("INSERT INTO sms_outbox (phone_number, sealed, sent_at) VALUES (?,?,?)",
                    m.phoneNumber(), box.sealText(purpose(m.phoneNumber()),
                            (m.code() == null ? "" : m.code()) + "\n" + m.text()), now);
        });
    }

    /** Newest first; {@code phoneNumber} null = every number. At most 200 messages. */
    public List<Entry> list(String phoneNumber) {
        String where = phoneNumber == null ? "" : " WHERE phone_number = ?";
        Object[] params = phoneNumber == null ? new Object[0] : new Object[] {phoneNumber};
        return db.inTransaction(sql -> sql.query("SELECT id, phone_number, sealed, sent_at FROM sms_outbox"
                + where + " ORDER BY id DESC LIMIT 200", rs -> open(rs.getLong("id"), rs.getString("phone_number"),
                rs.getString("sealed"), rs.getLong("sent_at")), params));
    }

    private Entry open(long id, String phone, String sealed, long sentAt) {
        String clear = box.openText(purpose(phone), sealed);
        int nl = clear.indexOf('\n');
        return new Entry(id, phone, clear.substring(0, nl), clear.substring(nl + 1), sentAt);
    }

    private static String purpose(String phone) {
        return "sms-outbox:" + phone;
    }

    @Override
    public String name() {
        return "outbox";
    }
}
