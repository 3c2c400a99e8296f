package dev.pims.server.limits;

/**
 * The per-address request limits of one node, from the server settings (docs/operations.md, "Limits"); never
 * from anything a client sends. Each rate is requests per address key per minute, 0 = no limit.
 *
 * @param devicePerMinute {@code /iwws/MAC}
 * @param verifyPerMinute {@code POST /api/v1/otp/verify} and {@code GET /FS}
 * @param adminPerMinute {@code /admin/*}
 * @param metricsPerMinute {@code /metrics}
 * @param tokenPerMinute {@code POST /api/v1/oauth/token} (used by the account API)
 * @param ipv6PrefixBits IPv6 addresses are counted per this prefix (64: one /64 is one client)
 * @param maxAddresses address keys remembered per limit (the memory ceiling of each limiter)
 */
public record AddressLimits(int devicePerMinute, int verifyPerMinute, int adminPerMinute, int metricsPerMinute,
        int tokenPerMinute, int ipv6PrefixBits, int maxAddresses) {

    public static AddressLimits defaults() {
        return new AddressLimits(600, 1200, 600, 120, 60, 64, 50_000);
    }

    public AddressLimits {
        if (devicePerMinute < 0 || verifyPerMinute < 0 || adminPerMinute < 0 || metricsPerMinute < 0
                || tokenPerMinute < 0) {
            throw new IllegalArgumentException("per-address limits must be 0 (off) or positive");
        }
        if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
            throw new IllegalArgumentException("the IPv6 prefix for limits must be between 1 and 128 bits");
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("the number of addresses remembered per limit must be positive");
        }
    }

    public AddressLimits withDevicePerMinute(int v) {
        return new AddressLimits(v, verifyPerMinute, adminPerMinute, metricsPerMinute, tokenPerMinute,
                ipv6PrefixBits, maxAddresses);
    }

    public AddressLimits withVerifyPerMinute(int v) {
        return new AddressLimits(devicePerMinute, v, adminPerMinute, metricsPerMinute, tokenPerMinute,
                ipv6PrefixBits, maxAddresses);
    }

    public AddressLimits withAdminPerMinute(int v) {
        return new AddressLimits(devicePerMinute, verifyPerMinute, v, metricsPerMinute, tokenPerMinute,
                ipv6PrefixBits, maxAddresses);
    }

    public AddressLimits withMetricsPerMinute(int v) {
        return new AddressLimits(devicePerMinute, verifyPerMinute, adminPerMinute, v, tokenPerMinute,
                ipv6PrefixBits, maxAddresses);
    }

    public AddressLimits withTokenPerMinute(int v) {
        return new AddressLimits(devicePerMinute, verifyPerMinute, adminPerMinute, metricsPerMinute, v,
                ipv6PrefixBits, maxAddresses);
    }

    public AddressLimits withIpv6PrefixBits(int v) {
        return new AddressLimits(devicePerMinute, verifyPerMinute, adminPerMinute, metricsPerMinute, tokenPerMinute,
                v, maxAddresses);
    }

    public AddressLimits withMaxAddresses(int v) {
        return new AddressLimits(devicePerMinute, verifyPerMinute, adminPerMinute, metricsPerMinute, tokenPerMinute,
                ipv6PrefixBits, v);
    }

    /** A limiter for {@code perMinute} requests per address key, with these settings' prefix and ceiling. */
    public AddressLimiter limiter(String name, int perMinute) {
        return new AddressLimiter(name, perMinute, new AddressKey(ipv6PrefixBits), maxAddresses, System::nanoTime);
    }
}
