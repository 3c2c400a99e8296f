package dev.pims.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.protocol.crypto.RsaPrivateKey;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

class BlindedRsaTest {
    private final SecureRandom rnd = new SecureRandom();
    private final RsaKeyPair pair = RsaKeyPair.generate(1024, rnd);

    @Test
    void privateEncodeIsDecodedByTheProtocolsPublicKeyCode() {
        byte[] modulus = KeyPool.modulusBytes(RsaKeyPair.generate(1024, rnd).publicKey());
        String encoded = BlindedRsa.privateEncode(pair.privateKey(), modulus, rnd);
        assertThat(encoded).hasSize(2 * 128 * 3); // 128 bytes in chunks of 62: three blocks, as Rsa.privateEncode
        assertThat(Rsa.publicDecode(pair.publicKey(), encoded)).hasValueSatisfying(b -> assertThat(b).isEqualTo(modulus));
        assertThat(Rsa.privateEncode(pair.privateKey(), modulus, rnd)).hasSameSizeAs(encoded);
    }

    @Test
    void anEmptyPayloadIsOneBlockAsInTheProtocol() {
        String encoded = BlindedRsa.privateEncode(pair.privateKey(), new byte[0], rnd);
        assertThat(Rsa.publicDecode(pair.publicKey(), encoded)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void decryptOpensWhatTheClientEncrypted() {
        byte[] secret = Hex.decode("00112233445566778899aabbccddeeff");
        String c = Rsa.encrypt(pair.publicKey(), secret, rnd);
        assertThat(BlindedRsa.decrypt(pair.privateKey(), c)).hasValueSatisfying(b -> assertThat(b).isEqualTo(secret));
        assertThat(Rsa.decrypt(pair.privateKey(), c)).hasValueSatisfying(b -> assertThat(b).isEqualTo(secret));
    }

    @Test
    void malformedCiphertextsAnswerEmpty() {
        RsaPrivateKey key = pair.privateKey();
        assertThat(BlindedRsa.decrypt(key, "zz")).isEmpty();
        assertThat(BlindedRsa.decrypt(key, "00".repeat(127))).isEmpty();
        assertThat(BlindedRsa.decrypt(key, "ff".repeat(128))).isEmpty(); // not below the modulus
        assertThat(BlindedRsa.decrypt(key, "00".repeat(127) + "05")).isEmpty(); // a valid number, not OAEP
        String other = Rsa.encrypt(RsaKeyPair.generate(1024, rnd).publicKey(), new byte[16], rnd);
        assertThat(BlindedRsa.decrypt(key, other)).isEmpty();
    }

    @Test
    void aKeyWithoutPrimesIsRefused() {
        RsaPrivateKey noPrimes = RsaPrivateKey.of(pair.privateKey().modulus(), pair.privateKey().exponent());
        assertThatThrownBy(() -> BlindedRsa.privateEncode(noPrimes, new byte[4], rnd))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A CRT fault (here a wrong dP) must never produce output: the result fails its check against e = 17. */
    @Test
    void aFaultyCrtComputationIsCaughtBeforeAnythingLeaves() throws Exception {
        RSAPrivateCrtKey good = BlindedRsa.jceKey(pair.privateKey());
        RSAPrivateCrtKey faulty = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                new RSAPrivateCrtKeySpec(good.getModulus(), good.getPublicExponent(), good.getPrivateExponent(),
                        good.getPrimeP(), good.getPrimeQ(), good.getPrimeExponentP().add(BigInteger.TWO),
                        good.getPrimeExponentQ(), good.getCrtCoefficient()));
        byte[] block = new byte[128];
        block[127] = 42;
        assertThatThrownBy(() -> BlindedRsa.apply(faulty, Cipher.ENCRYPT_MODE, block, 128))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("42");
        assertThat(BlindedRsa.apply(good, Cipher.ENCRYPT_MODE, block, 128)).hasSize(128);
    }
}
