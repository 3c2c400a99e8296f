package dev.pims.server.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Unpredictable identifiers, challenges and codes from one SecureRandom. */
public final class RandomTokens {
    private final SecureRandom rnd;

    public RandomTokens(SecureRandom rnd) {
        this.rnd = rnd;
    }

    public SecureRandom random() {
        return rnd;
    }

    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    public String hex(int bytes) {
        return HexFormat.of().formatHex(bytes(bytes));
    }

    public String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    public String urlToken(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
    }
}
