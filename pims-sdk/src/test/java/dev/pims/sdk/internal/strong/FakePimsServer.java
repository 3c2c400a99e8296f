package dev.pims.sdk.internal.strong;

import com.sun.net.httpserver.HttpExchange;
import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.Kma;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.protocol.otp.Otp;
import dev.pims.protocol.proof.K1Ratchet;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.sdk.FakeHttpServer;
import dev.pims.sdk.internal.json.Json;
import dev.pims.sdk.internal.json.JsonException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, single-account, single-device stand-in for pims-server, written from mac-protocol.md and
 * notes/account-api.md, for SDK tests until the real server lands. Knobs let tests inject J, dK1, errors.
 */
final class FakePimsServer implements AutoCloseable {

    static final String LOGIN = "alice";
    static final String PASSWORD = "pw";

    private static final SecureRandom RND = new SecureRandom();
    private static final RsaKeyPair KFACT = RsaKeyPair.generate(1024, RND);

    final FakeHttpServer http;

    // account
    String phoneNumber = "+33612345678";
    String accountPin;
    String accountState = "NotBlocked";
    String accessToken;
    String activationCode;
    final List<String> smsOutbox = new ArrayList<>();

    // device
    RsaKeyPair kiw;
    RsaKeyPair msKey;
    String serial;
    byte[] kma;
    String deviceId;
    String k0;
    String k1;
    String secval;
    String challenge;
    boolean active;
    boolean removed;

    // knobs
    int jRounds;
    boolean alwaysJ;
    boolean sendDK1;
    boolean rekey;
    String lastMethod;
    String msError;
    String lastOtp;
    Boolean lastPinVerified;
    int otpFinalizes;
    int statusCode = 200;

    FakePimsServer() throws IOException {
        http = new FakeHttpServer();
        http.on("/iwws/MAC", this::mac);
        http.on("/api/v1/oauth/token", this::token);
        http.on("/api/v1/oauth/revoke", ex -> FakeHttpServer.send(ex, 200, "{}"));
        http.on("/api/v1/me/phone-number", ex -> account(ex, this::phone));
        http.on("/api/v1/me/sms-codes", ex -> account(ex, this::smsCodes));
        http.on("/api/v1/me/enrollment/check", ex -> account(ex, this::check));
        http.on("/api/v1/me/enrollments", ex -> account(ex, this::removeAll));
        http.on("/api/v1/me/status", ex -> account(ex, this::status));
        http.on("/api/v1/me/pin/update", ex -> account(ex, this::pinUpdate));
    }

    String url() {
        return http.url();
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- device protocol ----

    private synchronized void mac(HttpExchange ex) throws IOException {
        lastMethod = ex.getRequestMethod();
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        if ("POST".equals(ex.getRequestMethod())) {
            q.putAll(form(FakeHttpServer.body(ex)));
        }
        String root = q.get("action");
        WireMessage.Builder b = WireMessage.builder(root);
        String err = handle(q.get("mode"), root, q, b);
        WireMessage m = err.equals("OK") ? rebuild(root, b) : WireMessage.builder(root).add("err", err).build();
        FakeHttpServer.send(ex, 200, WireXml.write(m));
    }

    private static WireMessage rebuild(String root, WireMessage.Builder b) {
        WireMessage body = b.build();
        WireMessage.Builder ok = WireMessage.okBuilder(root);
        for (Map.Entry<String, String> e : body.elements()) {
            ok.add(e.getKey(), e.getValue());
        }
        return ok.build();
    }

    private String handle(String mode, String root, Map<String, String> q, WireMessage.Builder b) {
        boolean setup = "ActionSetup".equals(root);
        switch (mode + (setup ? "/setup" : "/finalize")) {
            case "activate/setup":
                if (!q.get("code").equals(activationCode)) {
                    return "NOK:CODE";
                }
                kiw = RsaKeyPair.generate(1024, RND);
                b.add("Kfact", KFACT.publicKey().modulusHex());
                b.add("Kiw", Rsa.privateEncode(KFACT.privateKey(), Hex.decode(kiw.publicKey().modulusHex()), RND));
                b.add("pinmode", accountPin == null ? "2" : "1");
                return "OK";
            case "activate/finalize": {
                if (!q.get("code").equals(activationCode)) {
                    return "NOK:CODE";
                }
                byte[] k = Rsa.decrypt(kiw.privateKey(), q.get("Kma")).orElse(null);
                String pin = new String(Rsa.decrypt(kiw.privateKey(), q.get("pin")).orElse(new byte[0]),
                        StandardCharsets.UTF_8);
                if (k == null || !Arrays.equals(k, Kma.derive(pin, q.get("serial")))) {
                    return "NOK:ACCESS";
                }
                if (accountPin != null && !accountPin.equals(pin)) {
                    return "NOK:ACCESS";
                }
                accountPin = pin;
                serial = q.get("serial");
                kma = k;
                deviceId = "dev-" + Long.toHexString(RND.nextLong());
                k0 = randomHex();
                k1 = randomHex();
                challenge = randomHex();
                msKey = RsaKeyPair.generate(1024, RND);
                active = false;
                removed = false;
                b.add("id", deviceId);
                b.add("K0", enc(k0));
                b.add("K1", enc(k1));
                b.add("ms_n", "1");
                b.add("ms_id", "ms-1");
                b.add("ms_key", Rsa.privateEncode(KFACT.privateKey(), Hex.decode(msKey.publicKey().modulusHex()), RND));
                b.add("challenge", challenge);
                b.add("s_id", "svc-1");
                b.add("newversion", "");
                b.add("newversionurl", "");
                b.add("unknownThing", "ignored");
                return "OK";
            }
            case "ms/finalize": {
                if (msError != null) {
                    return msError;
                }
                if (!proofs(q, Proofs.withPin(challenge, k0, serial, k1, accountPin))) {
                    return "NOK:ACCESS";
                }
                byte[] s = Rsa.decrypt(msKey.privateKey(), q.get("ms_val0")).orElse(null);
                if (s == null) {
                    return "NOK:ACCESS";
                }
                secval = Hex.encode(Aes128.encrypt(kma, s));
                active = true;
                activationCode = null;
                b.add("Tsync", "1700000000");
                return "OK";
            }
            case "otp/setup":
                if (removed || !q.get("id").equals(deviceId)) {
                    return "NOK:NODEVICE";
                }
                if (!active) {
                    return "NOK:FORBIDDEN";
                }
                if (!"svc-1".equals(q.get("sid"))) {
                    return "NOK:NOSRV";
                }
                challenge = randomHex();
                b.add("challenge", challenge);
                return "OK";
            case "otp/finalize":
                return otpFinalize(q, b);
            default:
                return "NOK:SN";
        }
    }

    private String otpFinalize(Map<String, String> q, WireMessage.Builder b) {
        otpFinalizes++;
        if (removed) {
            return "NOK:NODEVICE";
        }
        boolean withPin = proofs(q, Proofs.withPin(challenge, k0, serial, k1, accountPin));
        boolean without = proofs(q, Proofs.withoutPin(challenge, k0, serial, k1));
        if (!withPin && !without) {
            return "NOK:ACCESS";
        }
        challenge = "used";
        String defi = randomHex().substring(0, 20);
        b.add("defi", defi);
        if (rekey && withPin) {
            k0 = randomHex();
            k1 = randomHex();
            b.add("K0", enc(k0));
            b.add("K1", enc(k1));
        }
        if (sendDK1) {
            String dk1 = randomHex();
            k1 = K1Ratchet.apply(k1, dk1);
            b.add("dK1", dk1);
        }
        if (alwaysJ || jRounds > 0) {
            jRounds--;
            b.add("J", "1");
        }
        b.add("server", "http://elsewhere.invalid");
        b.add("s_n", "1").add("s_1", "svc").add("m_n", "0").add("connected", "1").add("Tsync", "1700000001");
        lastOtp = Otp.derive(k1, defi, secval);
        lastPinVerified = withPin;
        return "OK";
    }

    private static boolean proofs(Map<String, String> q, Proofs expected) {
        return expected.matches(new Proofs(q.get("R0"), q.get("R1"), q.get("R2")));
    }

    private String enc(String hex) {
        return Hex.encode(Aes128.encrypt(kma, Hex.decode(hex)));
    }

    private static String randomHex() {
        byte[] b = new byte[16];
        RND.nextBytes(b);
        return Hex.encode(b);
    }

    // ---- account API ----

    @FunctionalInterface
    private interface Api {
        String answer(String method, Map<String, Object> body, HttpExchange ex);
    }

    private synchronized void token(HttpExchange ex) throws IOException {
        Map<String, String> f = form(FakeHttpServer.body(ex));
        boolean ok = "password".equals(f.get("grant_type")) && LOGIN.equals(f.get("username"))
                && PASSWORD.equals(f.get("password"));
        if (!"pims-dev".equals(f.get("client_id"))) {
            FakeHttpServer.send(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!ok) {
            FakeHttpServer.send(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        accessToken = "at-" + randomHex();
        FakeHttpServer.send(ex, 200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"refresh_token\":\"rt\",\"id_token\":\"idt\",\"username\":\"alice\"}");
    }

    private synchronized void account(HttpExchange ex, Api api) throws IOException {
        if (statusCode != 200) {
            FakeHttpServer.send(ex, statusCode, "oops");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (accessToken == null || !("Bearer " + accessToken).equals(auth)) {
            FakeHttpServer.send(ex, 401, "{\"error\":\"NOK:UNAUTHENTICATED\"}");
            return;
        }
        Map<String, Object> body;
        try {
            String text = FakeHttpServer.body(ex);
            body = text.isEmpty() ? new LinkedHashMap<>() : Json.parseObject(text);
        } catch (JsonException e) {
            FakeHttpServer.send(ex, 400, "{\"error\":\"NOK:SN\"}");
            return;
        }
        String answer = api.answer(ex.getRequestMethod(), body, ex);
        if (answer.startsWith("NOK:")) {
            int status = answer.equals("NOK:NOPHONE") ? 404 : answer.equals("NOK:PHONEEXISTS") ? 409 : 400;
            FakeHttpServer.send(ex, status, "{\"error\":\"" + answer + "\"}");
        } else {
            FakeHttpServer.send(ex, 200, answer);
        }
    }

    private String phone(String method, Map<String, Object> body, HttpExchange ex) {
        if (method.equals("GET")) {
            return phoneNumber == null ? "NOK:NOPHONE" : "{\"phoneNumber\":\"" + phoneNumber + "\"}";
        }
        return "NOK:SN";
    }

    private String smsCodes(String method, Map<String, Object> body, HttpExchange ex) {
        if ("enrollment".equals(body.get("type"))) {
            activationCode = String.valueOf(10_000_000 + RND.nextInt(89_999_999));
            smsOutbox.add(activationCode);
            return "{\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
        }
        return "NOK:SN";
    }

    private String check(String method, Map<String, Object> body, HttpExchange ex) {
        if (activationCode == null || !activationCode.equals(body.get("smsCode"))) {
            return "NOK:CODE";
        }
        return "{\"status\":\"" + (accountPin == null ? "NotEnrolled" : "AlreadyEnrolled") + "\"}";
    }

    private String removeAll(String method, Map<String, Object> body, HttpExchange ex) {
        removed = true;
        return "{\"removed\":1}";
    }

    private String status(String method, Map<String, Object> body, HttpExchange ex) {
        return "{\"login\":\"alice\",\"accountState\":\"" + accountState + "\"}";
    }

    private String pinUpdate(String method, Map<String, Object> body, HttpExchange ex) {
        if (!body.get("oldPin").equals(accountPin)) {
            return "NOK:ACCESS";
        }
        if (body.get("newPin").equals(accountPin)) {
            return "NOK:PINREUSED";
        }
        if (((String) body.get("newPin")).length() < 4) {
            return "NOK:PINREFUSED";
        }
        accountPin = (String) body.get("newPin");
        return "{}";
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }
}
