package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deployment.md checked: its systemd unit passes {@code systemd-analyze verify} without a warning and has
 * the settings the page promises; its embedded-store backup and restore blocks, run as written (sudo and
 * systemctl stand in for the real ones, paths moved under a temporary directory), bring back a database in
 * which an OTP issued before the backup verifies.
 */
class DeploymentDocTest {
    private static final Path PAGE = Path.of("../docs/deployment.md");

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Test
    void theSystemdUnitVerifies(@TempDir Path dir) throws Exception {
        Matcher m = Pattern.compile("(?ms)^```ini\\n(.*?)^```").matcher(Files.readString(PAGE));
        assertThat(m.find()).isTrue();
        String unit = m.group(1);
        assertThat(unit).contains("EnvironmentFile=/etc/pims/pims.env").contains("User=pims")
                .contains("NoNewPrivileges=yes").contains("ProtectSystem=strict").contains("StateDirectoryMode=0700")
                .contains("CapabilityBoundingSet=\n").contains("SystemCallFilter=@system-service")
                .contains("ExecStart=/usr/bin/java ").contains(" server --config /etc/pims/pims.properties");
        // CI installs systemd (.ci/operators.sh); elsewhere the check needs systemd-analyze and a java to point at
        assumeTrue(ci() || Shell.has("systemd-analyze"), "systemd-analyze is not installed");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path file = dir.resolve("pims.service");
        // the unit names /usr/bin/java; verify checks that the program exists, so point it at this JVM's
        Files.writeString(file, unit.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.strip()).as("systemd-analyze warnings").isEmpty();
    }

    @Test
    void aRestoredEmbeddedBackupVerifiesAnOtpIssuedBeforeIt(@TempDir Path dir) throws Exception {
        for (String tool : List.of("bash", "curl", "jq", "tar")) {
            assumeTrue(ci() || Shell.has(tool), tool + " is not installed");
        }
        backupAndRestore(dir, block("# backup of the embedded store"), block("# restore of the embedded store"),
                "--data var-lib-pims", "rm -rf var-lib-pims/*", Map.of());
    }

    @Test
    void aRestoredPostgresBackupVerifiesAnOtpIssuedBeforeIt(@TempDir Path dir) throws Exception {
        String url = System.getenv("PIMS_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank() || ci(), "PIMS_TEST_POSTGRES_URL is not set");
        for (String tool : List.of("bash", "curl", "jq", "pg_dump", "pg_restore", "psql")) {
            assumeTrue(ci() || Shell.has(tool), tool + " is not installed");
        }
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]*)\\?user=([^&]+)&password=([^&]+)")
                .matcher(url.strip());
        assertThat(m.matches()).as("PIMS_TEST_POSTGRES_URL of the form jdbc:postgresql://HOST[:PORT]/DB?user=U&password=P")
                .isTrue();
        String host = m.group(1);
        String port = m.group(2) == null ? "5432" : m.group(2);
        String db = "pims_bk_" + Long.toHexString(System.nanoTime());
        String conn = "-h " + host + " -p " + port + " -U " + m.group(4);
        Map<String, String> env = Map.of("PGPASSWORD", m.group(5));
        Shell shell = new Shell(dir);
        assertThat(shell.run("createdb " + conn + " " + db, env, 60).exit()).isZero();
        try {
            String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + db + "?user=" + m.group(4) + "&password="
                    + m.group(5);
            String target = conn + " -d " + db;
            backupAndRestore(dir,
                    block("# backup of the PostgreSQL store").replace("-h db.internal -U pims -d pims", target),
                    block("# restore of the PostgreSQL store").replace("-h db.internal -U pims -d pims", target),
                    "--data var-lib-pims --db '" + jdbc + "'",
                    "dropdb " + conn + " " + db + " && createdb " + conn + " " + db, env);
        } finally {
            shell.run("dropdb --if-exists " + conn + " " + db, env, 60);
        }
    }

    /**
     * A development server with its data, an enrolled device and an OTP issued but not verified; the page's
     * backup block; a disaster; the page's restore block; the OTP verifies.
     */
    private void backupAndRestore(Path dir, String backup, String restore, String serverArgs, String disaster,
            Map<String, String> extraEnv) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.createDirectories(dir.resolve("var-lib-pims"));
        Files.createDirectories(dir.resolve("backups"));
        String harness = """
                PORT=%d
                URL=http://127.0.0.1:$PORT
                sudo() { "$@"; }
                chown() { :; }
                systemctl() {
                  case "$1" in
                    stop) kill $SERVER_PID 2> /dev/null || true; wait $SERVER_PID || true ;;
                    start) ./pims server --dev --host 127.0.0.1 --port $PORT %s >> server.out 2>> server.log &
                           SERVER_PID=$!
                           until curl -sf $URL/health/ready > /dev/null; do sleep 0.2; done ;;
                  esac
                }
                admin() { curl --fail-with-body -sS -H "Authorization: Bearer $PIMS_ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
                systemctl start pims
                admin -X POST $URL/admin/v1/users -d '{"login":"bob","password":"bob-password"}' > /dev/null
                CODE=$(admin -X POST $URL/admin/v1/users/bob/activation-codes -d '{}' | jq -r .code)
                API_KEY=$(admin -X POST $URL/admin/v1/api-keys -d '{"name":"rp","integrations":["default"]}' | jq -r .key)
                export PIMS_PASSWORD=bob-password
                ./pims device enroll --url $URL --user bob --storage bob-device --pin 4711 --sms-code "$CODE"
                OTP=$(./pims device otp --url $URL --user bob --storage bob-device --with-pin 4711)
                echo "OTP issued before the backup"
                # ---- the page's backup block
                %s
                # ---- a disaster: the data is gone
                systemctl stop pims
                %s
                systemctl start pims
                admin $URL/admin/v1/users/bob > /dev/null 2>&1 && echo "bob survived the disaster?" && exit 1
                # ---- the page's restore block
                %s
                curl --fail-with-body -sS -X POST $URL/api/v1/otp/verify -H "Authorization: Bearer $API_KEY" \\
                  -H 'Content-Type: application/json' -d "{\\"login\\":\\"bob\\",\\"otp\\":\\"$OTP\\",\\"requirePin\\":true}"
                echo
                systemctl stop pims
                """.formatted(port, serverArgs, backup, disaster, restore)
                .replace("/var/lib/pims", "var-lib-pims").replace("/var/backups", "backups")
                .replace("$(date +%F)", "2026-01-31");
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.putAll(Map.of("HOME", dir.toString(), "PIMS_ADMIN_TOKEN", "c".repeat(48), "PIMS_MASTER_KEY", "0f".repeat(32)));
        Shell.Result r = new Shell(dir).run(harness, env, 300);
        String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
        assertThat(r.exit()).as("stdout:\n%s\nstderr:\n%s\nlog:\n%s", r.out(), r.err(), log).isZero();
        assertThat(r.out()).contains("OTP issued before the backup")
                .containsPattern("\"result\":\"OK\",\"pinVerified\":true");
        try (var files = Files.list(dir.resolve("backups"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).hasSize(1).allMatch(n -> n.startsWith("pims-2026-01-31."));
        }
    }

    private static String block(String firstLine) throws Exception {
        return Shell.shBlocks(PAGE).stream().filter(b -> b.startsWith(firstLine + "\n")).findFirst()
                .orElseThrow(() -> new AssertionError("no sh block starting with " + firstLine));
    }
}
