/**
 * The PIMS facade. Exported: {@code Pims} and its builder, the transport and device-state store interfaces with
 * their default implementations, and the error catalogue. The {@code dev.pims.sdk.internal} packages are not
 * exported: nothing in them is API.
 */
module dev.pims.sdk {
    requires dev.pims.protocol;

    exports dev.pims.sdk;
    exports dev.pims.sdk.error;
    exports dev.pims.sdk.store;
    exports dev.pims.sdk.transport;
}
