package dev.pims.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore made here with keytool; the client trusts exactly that certificate. */
class TlsTest {
    private static final String PASSWORD = "keystore-pass-123";
    @TempDir
    Path dir;

    private Path keystore() throws Exception {
        Path ks = dir.resolve("tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "pims", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return ks;
    }

    private static HttpClient trusting(Path ks) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = store.getCertificate("pims");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("pims", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    private ServerConfig.Builder config(OpsConfig ops) {
        return ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir.resolve("data"))
                .adminToken(TestServer.ADMIN_TOKEN).masterKey(TestServer.MASTER_KEY).keyPoolSize(2).ops(ops);
    }

    @Test
    void servesHttpsOnlyFromThePkcs12Keystore() throws Exception {
        Path ks = keystore();
        try (PimsServer s = PimsServer.start(config(OpsConfig.defaults().withTls(ks, PASSWORD)).build())) {
            assertThat(s.baseUrl()).startsWith("https://127.0.0.1:");
            HttpClient client = trusting(ks);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("UP");
            HttpResponse<String> admin = client.send(HttpRequest.newBuilder(
                    URI.create(s.baseUrl() + "/admin/v1/integrations/default/policy"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(200);
            // plain HTTP on the same port is not served
            String plain = s.baseUrl().replace("https://", "http://") + "/health";
            assertThatThrownBy(() -> {
                HttpResponse<String> x = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(x.statusCode()).isNotEqualTo(200);
                throw new java.io.IOException("answered " + x.statusCode());
            }).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aWrongKeystorePasswordFailsAtStartWithoutEchoingIt() throws Exception {
        Path ks = keystore();
        assertThatThrownBy(() -> PimsServer.start(config(OpsConfig.defaults().withTls(ks, "not-the-password")).build()))
                .isInstanceOf(dev.pims.server.startup.StartupFailure.class).hasMessageContaining("TLS keystore")
                .hasMessageNotContaining("not-the-password");
    }
    /** The web console's cookies are Secure when the browser came over TLS (docs/console.md). */
    @Test
    void theConsoleCookiesAreSecureOverTls() throws Exception {
        Path ks = keystore();
        try (PimsServer s = PimsServer.start(config(OpsConfig.defaults().withTls(ks, PASSWORD)).build())) {
            HttpResponse<String> form = trusting(ks).send(HttpRequest.newBuilder(URI.create(s.baseUrl()
                    + "/console/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.headers().allValues("Set-Cookie")).isNotEmpty()
                    .allSatisfy(c -> assertThat(c).contains("; Secure").contains("HttpOnly").contains("SameSite=Strict"));
        }
    }
}
