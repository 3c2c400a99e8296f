package dev.pims.server.mac;

/**
 * Client version check. Clients send e.g. {@code Generator-1.0/0.2.11}; the part after the last '/' is
 * compared number by number with the integration's minimum (empty minimum = no check; a missing or
 * unparsable version is refused only when a minimum is set).
 */
final class ClientVersion {
    private ClientVersion() {
    }

    static boolean accepted(String minimum, String version) {
        if (minimum == null || minimum.isBlank()) {
            return true;
        }
        if (version == null || version.isBlank()) {
            return false;
        }
        String v = version.substring(version.lastIndexOf('/') + 1);
        return compare(v, minimum) >= 0;
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long xi = i < x.length ? number(x[i]) : 0;
            long yi = i < y.length ? number(y[i]) : 0;
            if (xi != yi) {
                return Long.compare(xi, yi);
            }
        }
        return 0;
    }

    private static long number(String s) {
        StringBuilder digits = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < '0' || c > '9' || digits.length() >= 9) {
                break;
            }
            digits.append(c);
        }
        return digits.length() == 0 ? 0 : Long.parseLong(digits.toString());
    }
}
