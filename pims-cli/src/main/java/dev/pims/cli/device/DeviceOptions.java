package dev.pims.cli.device;

import dev.pims.cli.FacadeCalls;
import dev.pims.cli.SdkParams;
import dev.pims.sdk.Pims;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What every {@code pims device} command needs: the server, the account, where the device state lives. The
 * facade's calls and messages are printed (on stderr) only with {@code --verbose}; stdout carries the command's
 * result alone, so that scripts can use it.
 */
public final class DeviceOptions {
    @Option(names = "--url", required = true, description = "server base URL (device protocol and account API)")
    String url;

    @Option(names = "--user", required = true, description = "account login")
    String user;

    @Option(names = "--password", interactive = true, arity = "0..1", prompt = "Password of the account: ",
            description = "account password (prompted when given without a value; else env PIMS_PASSWORD)")
    String password;

    @Option(names = "--macid", description = "integration (default: ${DEFAULT-VALUE})")
    String macid = "default";

    @Option(names = "--storage", description = "directory of the device state (default: ${DEFAULT-VALUE})")
    Path storage = Path.of(System.getProperty("user.home"), ".pims-device");

    @Option(names = "--client-id", description = "OAuth client id (default: ${DEFAULT-VALUE}, which only a"
            + " development server has)")
    String clientId = SdkParams.DEV_CLIENT_ID;

    @Option(names = "--client-secret-env", description = "environment variable holding the client secret"
            + " (default: the development client's)")
    String clientSecretEnv;

    @Option(names = {"-v", "--verbose"}, description = "print every facade call and message (on stderr)")
    boolean verbose;

    /** A facade, initialized and logged in; null after printing why when that failed. */
    FacadeCalls open(String command) {
        PrintStream trace = verbose ? System.err : new PrintStream(OutputStream.nullOutputStream());
        FacadeCalls facade = new FacadeCalls(Pims.builder().deviceName("pims cli").build(), trace);
        String secret = clientSecretEnv == null ? SdkParams.DEV_CLIENT_SECRET : System.getenv(clientSecretEnv);
        if (secret == null) {
            System.err.println(command + ": the environment variable " + clientSecretEnv + " (--client-secret-env)"
                    + " is not set");
            facade.close();
            return null;
        }
        String pw = password != null ? password : System.getenv("PIMS_PASSWORD");
        Map<String, Object> init = facade.initialize(SdkParams.initialize(url, macid, storage, clientId, secret));
        if (!fine(command, "initialize", init)) {
            facade.close();
            return null;
        }
        Map<String, Object> login = facade.set("pims.authentication.user", params("action", "login",
                "username", user, "password", pw == null ? "" : pw));
        if (!fine(command, "login as " + user, login)) {
            facade.close();
            return null;
        }
        return facade;
    }

    /** Opens a logged-in facade, runs {@code body} with it and closes it; the exit code (1 when login failed). */
    int run(String command, java.util.function.ToIntFunction<FacadeCalls> body) {
        FacadeCalls facade = open(command);
        if (facade == null) {
            return 1;
        }
        try (facade) {
            return body.applyAsInt(facade);
        }
    }

    /** True when {@code message} succeeded; otherwise prints one explained line on stderr. */
    static boolean fine(String command, String step, Map<String, Object> message) {
        if (FacadeCalls.succeeded(message)) {
            return true;
        }
        System.err.println(command + ": " + step + " failed: " + FacadeCalls.explain(message));
        return false;
    }

    static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
