package dev.pims.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.protocol.codec.Hex;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips over every payload length from 1 to 300 bytes with 1024- and 2048-bit keys, seeded so that a failure
 * repeats; and interoperability with the JDK's own OAEP (SHA-256 with MGF1-SHA-256), an independent implementation.
 */
class RsaRoundTripTest {
    private static final SecureRandom RND = new SecureRandom();
    private static final RsaKeyPair KEY_1024 = RsaKeyPair.generate(1024, RND);
    private static final RsaKeyPair KEY_2048 = RsaKeyPair.generate(2048, RND);

    static Stream<Arguments> keysAndLengths() {
        return Stream.of(KEY_1024, KEY_2048)
                .flatMap(k -> IntStream.rangeClosed(1, 300).mapToObj(len -> Arguments.of(k, len)));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("keysAndLengths")
    void privateEncodeThenPublicDecode(RsaKeyPair key, int length) {
        byte[] payload = payload(length, key.publicKey().size());
        String encoded = Rsa.privateEncode(key.privateKey(), payload, RND);
        int k = key.publicKey().size();
        int blocks = (length + Rsa.chunkSize(k) - 1) / Rsa.chunkSize(k);
        assertThat(encoded).hasSize(2 * k * blocks).isLowerCase();
        assertThat(Rsa.publicDecode(key.publicKey(), encoded)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("keysAndLengths")
    void encryptThenDecrypt(RsaKeyPair key, int length) {
        int k = key.publicKey().size();
        if (length > Rsa.chunkSize(k)) {
            return; // one block carries at most k - 66 bytes
        }
        byte[] payload = payload(length, k);
        String hex = Rsa.encrypt(key.publicKey(), payload, RND);
        assertThat(hex).hasSize(2 * k);
        assertThat(Rsa.decrypt(key.privateKey(), hex)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
    }

    @Test
    void crtAndPlainExponentAgree() {
        RsaPrivateKey plain = RsaPrivateKey.of(KEY_1024.privateKey().modulus(), KEY_1024.privateKey().exponent());
        byte[] payload = payload(100, 128);
        String viaCrt = Rsa.privateEncode(KEY_1024.privateKey(), payload, RND);
        String viaPlain = Rsa.privateEncode(plain, payload, RND);
        assertThat(Rsa.publicDecode(KEY_1024.publicKey(), viaCrt)).contains(payload);
        assertThat(Rsa.publicDecode(KEY_1024.publicKey(), viaPlain)).contains(payload);
    }

    @Test
    void ourEncryptionDecryptsWithTheJdk() throws Exception {
        for (RsaKeyPair key : new RsaKeyPair[] {KEY_1024, KEY_2048}) {
            byte[] payload = payload(16, 1);
            Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
            jdk.init(Cipher.DECRYPT_MODE, KeyFactory.getInstance("RSA").generatePrivate(
                    new RSAPrivateKeySpec(key.privateKey().modulus(), key.privateKey().exponent())), oaepSha256());
            assertThat(jdk.doFinal(Hex.decode(Rsa.encrypt(key.publicKey(), payload, RND)))).isEqualTo(payload);
        }
    }

    @Test
    void jdkEncryptionDecryptsWithOurs() throws Exception {
        byte[] payload = payload(32, 2);
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
        jdk.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(KEY_1024.publicKey().modulus(), RsaPublicKey.EXPONENT)), oaepSha256());
        String hex = Hex.encode(jdk.doFinal(payload));
        assertThat(Rsa.decrypt(KEY_1024.privateKey(), hex)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
    }

    @Test
    void generatedKeysHaveExponent17AndTheRequestedSize() {
        assertThat(KEY_1024.publicKey().modulus().bitLength()).isEqualTo(1024);
        assertThat(KEY_2048.publicKey().modulus().bitLength()).isEqualTo(2048);
        BigInteger x = BigInteger.valueOf(123456789);
        assertThat(x.modPow(RsaPublicKey.EXPONENT, KEY_1024.publicKey().modulus())
                .modPow(KEY_1024.privateKey().exponent(), KEY_1024.publicKey().modulus())).isEqualTo(x);
    }

    @Test
    void malformedInputDecodesToNothing() {
        String good = Rsa.privateEncode(KEY_1024.privateKey(), payload(40, 3), RND);
        assertThat(Rsa.publicDecode(KEY_1024.publicKey(), good.substring(2))).isEmpty();
        assertThat(Rsa.publicDecode(KEY_1024.publicKey(), good.replace(good.charAt(10), 'z'))).isEmpty();
        assertThat(Rsa.publicDecode(KEY_1024.publicKey(), "")).isEmpty();
        assertThat(Rsa.publicDecode(KEY_2048.publicKey(), good)).isEmpty();
        String flipped = (good.charAt(100) == '0' ? "1" : "0");
        assertThat(Rsa.publicDecode(KEY_1024.publicKey(), good.substring(0, 100) + flipped + good.substring(101))).isEmpty();
        String cipher = Rsa.encrypt(KEY_1024.publicKey(), payload(16, 4), RND);
        assertThat(Rsa.decrypt(KEY_2048.privateKey(), cipher)).isEmpty();
        assertThat(Rsa.decrypt(KEY_1024.privateKey(), cipher.substring(0, 254))).isEmpty();
        assertThat(Rsa.decrypt(KEY_1024.privateKey(), "ff".repeat(128))).isEmpty();
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[128];
            r.nextBytes(junk);
            junk[0] = 0;
            assertThat(Rsa.decrypt(KEY_1024.privateKey(), Hex.encode(junk))).isEmpty();
        }
    }

    private static OAEPParameterSpec oaepSha256() {
        return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    private static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        new Random(31L * length + seed).nextBytes(b);
        return b;
    }
}
