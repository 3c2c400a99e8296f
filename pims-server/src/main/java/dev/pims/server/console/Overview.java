package dev.pims.server.console;

import dev.pims.server.db.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview page's figures: totals now, and the last hour minute by minute from the audit log (shared by
 * every node and kept across restarts, unlike the per-node meters of {@code /metrics}).
 */
public final class Overview {
    public static final int MINUTES = 60;
    private final Database db;
    private final OverviewRepository repo;
    private final Clock clock;

    public Overview(Database db, OverviewRepository repo, Clock clock) {
        this.db = db;
        this.repo = repo;
        this.clock = clock;
    }

    /** The chart's series, in drawing order; {@code css} is the class that colours it. */
    public enum Series {
        ISSUED("OTPs issued", "s-issued"),
        VERIFIED("OTPs verified", "s-verified"),
        REFUSED("Verifications refused", "s-refused"),
        PIN_ERRORS("PIN errors", "s-pin"),
        BLOCKED("Accounts blocked", "s-blocked"),
        DEVICES("Active devices", "s-devices");

        private final String label;
        private final String css;

        Series(String label, String css) {
            this.label = label;
            this.css = css;
        }

        public String label() {
            return label;
        }

        public String css() {
            return css;
        }
    }

    /**
     * {@code perMinute[series][i]}: the count in minute {@code firstMinute + i} (epoch minutes, UTC), the last
     * one being the current, unfinished minute.
     */
    public record Figures(OverviewRepository.Totals totals, long firstMinute, long[][] perMinute) {
        public long total(Series s) {
            if (s == Series.DEVICES) {
                long max = 0;
                for (long v : perMinute[s.ordinal()]) {
                    max = Math.max(max, v);
                }
                return max; // distinct devices cannot be summed across minutes: the busiest minute
            }
            long sum = 0;
            for (long v : perMinute[s.ordinal()]) {
                sum += v;
            }
            return sum;
        }

        public List<Series> series() {
            return List.of(Series.values());
        }
    }

    public Figures figures() {
        long now = clock.millis();
        long currentMinute = now / 60_000;
        long first = currentMinute - (MINUTES - 1);
        long from = first * 60_000;
        long to = (currentMinute + 1) * 60_000;
        return db.inTransaction(sql -> {
            long[][] data = new long[Series.values().length][MINUTES];
            for (OverviewRepository.EventCount c : repo.eventsPerMinute(sql, from, to)) {
                int i = (int) (c.minute() - first);
                Series s = classify(c.event(), c.outcome());
                if (s != null && i >= 0 && i < MINUTES) {
                    data[s.ordinal()][i] += c.count();
                }
                if ("otp.finalize.pin".equals(c.event()) && "NOK:BLOCKED".equals(c.outcome()) && i >= 0 && i < MINUTES) {
                    data[Series.BLOCKED.ordinal()][i] += c.count(); // the wrong PIN that blocked the account
                }
            }
            for (OverviewRepository.DeviceCount c : repo.devicesPerMinute(sql, from, to)) {
                int i = (int) (c.minute() - first);
                if (i >= 0 && i < MINUTES) {
                    data[Series.DEVICES.ordinal()][i] = c.devices();
                }
            }
            return new Figures(repo.totals(sql), first, data);
        });
    }

    /** Which series an audit row counts in (the blocking wrong PIN counts twice: see {@link #figures()}). */
    static Series classify(String event, String outcome) {
        boolean ok = outcome != null && outcome.startsWith("OK");
        return switch (event) {
            case "otp.finalize" -> ok ? Series.ISSUED : null;
            case "otp.finalize.pin" -> Series.PIN_ERRORS;
            case "otp.verify" -> ok ? Series.VERIFIED : Series.REFUSED;
            case "admin.user.block" -> Series.BLOCKED;
            default -> null;
        };
    }

    /** Indexes of the minutes labelled on the time axis: the current one and every 15 minutes before it. */
    static List<Integer> ticks() {
        List<Integer> out = new ArrayList<>();
        for (int i = MINUTES - 1; i >= 0; i -= 15) {
            out.add(0, i);
        }
        return out;
    }
}
