package dev.pims.protocol.proof;

/** The device serial: {@code device_id + "/_/" + iwalea}, fixed for the life of an enrollment. */
public final class Serial {
    public static final String SEPARATOR = "/_/";
    public static final int DEVICE_ID_HEX = 16;
    public static final int IWALEA_HEX = 32;

    private Serial() {
    }

    public static String of(String deviceId, String iwalea) {
        return deviceId + SEPARATOR + iwalea;
    }
}
