package dev.pims.server.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of one line chart of the last hour, drawn by the template as inline SVG (no script, no charting
 * library: a polyline per series, a few grid lines and labels). Coordinates are in the SVG's viewBox units.
 */
public record Chart(String title, List<Line> lines, List<Tick> yTicks, List<Tick> xTicks) {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 220;
    public static final int LEFT = 44;
    public static final int RIGHT = 12;
    public static final int TOP = 12;
    public static final int BOTTOM = 28;
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One series: its label, colour class, last-hour figure (what {@code note} says it is), SVG points. */
    public record Line(String label, String css, long total, String note, String points) { }

    /** A grid line or axis label at {@code at} (y for the vertical axis, x for the time axis). */
    public record Tick(double at, String label) {
        /** The right-most time label ends at its tick instead of being centred on it (it would be cut). */
        public boolean last() {
            return at >= WIDTH - RIGHT - 1;
        }
    }

    public static Chart of(String title, Overview.Figures f, List<Overview.Series> series) {
        long max = 0;
        for (Overview.Series s : series) {
            for (long v : f.perMinute()[s.ordinal()]) {
                max = Math.max(max, v);
            }
        }
        long top = niceCeiling(max);
        List<Line> lines = new ArrayList<>();
        for (Overview.Series s : series) {
            StringBuilder points = new StringBuilder();
            long[] values = f.perMinute()[s.ordinal()];
            for (int i = 0; i < values.length; i++) {
                points.append(i == 0 ? "" : " ").append(fmt(x(i, values.length))).append(',')
                        .append(fmt(y(values[i], top)));
            }
            lines.add(new Line(s.label(), s.css(), f.total(s),
                    s == Overview.Series.DEVICES ? "at most, in one minute" : "in the hour", points.toString()));
        }
        List<Tick> yTicks = List.of(new Tick(y(0, top), "0"), new Tick(y(top / 2.0, top), fmtCount(top / 2.0)),
                new Tick(y(top, top), Long.toString(top)));
        List<Tick> xTicks = new ArrayList<>();
        int n = f.perMinute()[0].length;
        for (int i : Overview.ticks()) {
            xTicks.add(new Tick(x(i, n), HOUR_MINUTE.format(Instant.ofEpochSecond((f.firstMinute() + i) * 60))));
        }
        return new Chart(title, lines, yTicks, xTicks);
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    public int plotLeft() {
        return LEFT;
    }

    public int plotRight() {
        return WIDTH - RIGHT;
    }

    public int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    /** The y of time-axis labels. */
    public int labelY() {
        return HEIGHT - 8;
    }

    static double x(int i, int n) {
        return LEFT + (double) i * (WIDTH - LEFT - RIGHT) / Math.max(1, n - 1);
    }

    static double y(double v, long top) {
        return TOP + (1 - v / top) * (HEIGHT - TOP - BOTTOM);
    }

    /** The smallest of 1, 2, 5, 10, 20, 50 ... at or above {@code v} (at least 2, so the middle tick is whole). */
    static long niceCeiling(long v) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * step >= Math.max(2, v)) {
                    return m * step;
                }
            }
            step *= 10;
        }
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String fmtCount(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
