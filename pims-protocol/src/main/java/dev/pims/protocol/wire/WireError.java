package dev.pims.protocol.wire;

import java.util.Optional;

/** The device protocol's error answers ({@code err = NOK:<REASON>}), their mAccess names and the SDK's codes. */
public enum WireError {
    ACCESS("ERR_ACCESS", 2308),
    VERSION("ERR_VERSION", 2309),
    BLOCKED("ERR_BLOCKED", 2310),
    STATE("ERR_STATE", 2311),
    TIMEOUT("ERR_TIMEOUT", 2311),
    NODEVICE("ERR_NODEVICE", 2312),
    NOCA("ERR_NOCA", 2313),
    NOSRV("ERR_NOSRV", 2314),
    PINREUSED("ERR_PINREUSED", 2315),
    FORBIDDEN("ERR_FORBIDDEN", 2317),
    MAXNBTOOLS("ERR_FORBIDDEN", 2317),
    CODE("ERR_CODE", 2305),
    SN("ERR_SN", 2102),
    PINREFUSED("ERR_PINREFUSED", 2102);

    public static final String PREFIX = "NOK:";

    private final String maccessName;
    private final int sdkCode;

    WireError(String maccessName, int sdkCode) {
        this.maccessName = maccessName;
        this.sdkCode = sdkCode;
    }

    /** The value of {@code err}, e.g. {@code NOK:ACCESS}. */
    public String wire() {
        return PREFIX + name();
    }

    public String maccessName() {
        return maccessName;
    }

    public int sdkCode() {
        return sdkCode;
    }

    /** Reads an {@code err} value; also accepts the {@code NOK:NOK_BLOCKED} spelling. Empty for OK or unknown. */
    public static Optional<WireError> fromWire(String err) {
        if (err == null || !err.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String reason = err.substring(PREFIX.length()).trim();
        if (reason.startsWith("NOK_")) {
            reason = reason.substring("NOK_".length());
        }
        for (WireError e : values()) {
            if (e.name().equals(reason)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
