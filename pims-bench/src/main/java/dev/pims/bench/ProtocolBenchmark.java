package dev.pims.bench;

import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.crypto.Sha256;
import dev.pims.protocol.otp.Otp;
import dev.pims.protocol.proof.K1Ratchet;
import dev.pims.protocol.proof.Proofs;
import dev.pims.server.crypto.BlindedRsa;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protocol's per-request crypto. {@link #baselineSha256} (one SHA-256 of a short string, the unit every proof is
 * built from) is the baseline that docs/performance.md divides by.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ProtocolBenchmark {
    private static final String K1 = "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e";
    private static final String SECVAL = "e2d9a8992c2505e2ba581b771617df80";
    private static final String SERIAL = "0123456789abcdef/_/00112233445566778899aabbccddeeff";

    @Param({"1024", "2048"})
    public int bits;

    private final SecureRandom rnd = new SecureRandom();
    private RsaKeyPair key;
    private RsaPrivateKey keyWithoutPrimes;
    private byte[] modulusPayload;
    private String encodedModulus;
    private String encrypted16;

    @Setup
    public void setUp() {
        key = RsaKeyPair.generate(bits, rnd);
        keyWithoutPrimes = RsaPrivateKey.of(key.privateKey().modulus(), key.privateKey().exponent());
        modulusPayload = Hex.decode(key.publicKey().modulusHex());
        encodedModulus = Rsa.privateEncode(key.privateKey(), modulusPayload, rnd);
        encrypted16 = Rsa.encrypt(key.publicKey(), new byte[16], rnd);
    }

    @Benchmark
    public String baselineSha256() {
        return Sha256.hex("CHALLENGE1;0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;");
    }

    @Benchmark
    public String otpDerive() {
        return Otp.derive(K1, "987654321", SECVAL);
    }

    @Benchmark
    public Proofs proofsWithPin() {
        return Proofs.withPin("CHALLENGE1", "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", SERIAL, K1, "1234");
    }

    @Benchmark
    public String k1Ratchet() {
        return K1Ratchet.apply(K1, "a1b2c3");
    }

    /** Client side: decoding a server-encoded modulus (Kiw or an ms key) with the public exponent 17. */
    @Benchmark
    public Object rsaPublicDecodeModulus() {
        return Rsa.publicDecode(key.publicKey(), encodedModulus);
    }

    /** Server side: encoding a modulus with the private key (CRT). */
    @Benchmark
    public String rsaPrivateEncodeModulus() {
        return Rsa.privateEncode(key.privateKey(), modulusPayload, rnd);
    }

    /** The same without the primes: what CRT saves. */
    @Benchmark
    public String rsaPrivateEncodeModulusNoCrt() {
        return Rsa.privateEncode(keyWithoutPrimes, modulusPayload, rnd);
    }

    /** Server side: decrypting a 16-byte secret (Kma, S) the client sent. */
    @Benchmark
    public Object rsaDecrypt16() {
        return Rsa.decrypt(key.privateKey(), encrypted16);
    }

    /**
     * What the server runs since issue 8 item 7: the same encoding through the JDK's blinded CRT operation, checked
     * with the public key ({@code BlindedRsa}). Its ratio to {@link #rsaPrivateEncodeModulus} is the cost of blinding.
     */
    @Benchmark
    public String rsaPrivateEncodeModulusBlinded() {
        return BlindedRsa.privateEncode(key.privateKey(), modulusPayload, rnd);
    }

    /** The server's decryption of a 16-byte secret since issue 8 item 7: blinded, checked. */
    @Benchmark
    public Object rsaDecrypt16Blinded() {
        return BlindedRsa.decrypt(key.privateKey(), encrypted16);
    }
}
