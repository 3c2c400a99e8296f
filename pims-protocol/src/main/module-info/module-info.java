/**
 * The mAccess device protocol: wire codec, crypto, proofs, OTP and the client state machine. Every package is
 * used by the SDK and by the server.
 */
module dev.pims.protocol {
    exports dev.pims.protocol.codec;
    exports dev.pims.protocol.crypto;
    exports dev.pims.protocol.device;
    exports dev.pims.protocol.otp;
    exports dev.pims.protocol.proof;
    exports dev.pims.protocol.wire;
}
