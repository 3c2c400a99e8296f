package dev.pims.cli.device;

import static dev.pims.cli.device.DeviceOptions.params;

import dev.pims.cli.FacadeCalls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pims device}: this machine as an enrolled device of a running server, through the SDK facade. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Use this machine as a device: enroll, get OTPs, show the status (through the PIMS SDK facade).",
        subcommands = {DeviceCommand.Enroll.class, DeviceCommand.Otp.class, DeviceCommand.Status.class})
public final class DeviceCommand {

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = "Enroll: an SMS code goes to the account's trusted phone (unless --sms-code is given), then activation with the PIN.")
    static final class Enroll implements Callable<Integer> {
        @Mixin
        DeviceOptions options;

        @Option(names = "--pin", interactive = true, arity = "0..1", required = true,
                description = "the PIN (prompted when given without a value)")
        String pin;

        @Option(names = "--sms-code", description = "the enrollment SMS code, when you already have one")
        String smsCode;

        @Override
        public Integer call() {
            return options.run(this::enroll);
        }

        private int enroll(FacadeCalls facade) {
            String code = smsCode;
            if (code == null) {
                if (!FacadeCalls.succeeded(facade.get("pims.authentication.smscode", params("type", "enrollment")))) {
                    return 1;
                }
                System.out.print("SMS code: ");
                System.out.flush();
                code = readLine();
                if (code == null || code.isBlank()) {
                    return 1;
                }
                code = code.trim();
            }
            if (!FacadeCalls.succeeded(facade.set("pims.authentication.smscode",
                    params("action", "enrollment", "smsCode", code)))) {
                return 1;
            }
            return FacadeCalls.succeeded(facade.set("pims.authentication.enrollment",
                    params("action", "enroll", "pinCode", pin, "smsCode", code))) ? 0 : 1;
        }
    }

    private static String readLine() {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Command(name = "otp", mixinStandardHelpOptions = true, description = "Get a one-time password.")
    static final class Otp implements Callable<Integer> {
        @Mixin
        DeviceOptions options;

        @Option(names = "--with-pin", interactive = true, arity = "0..1",
                description = "prove the PIN (prompted when given without a value); without it the OTP is PIN-less")
        String pin;

        @Override
        public Integer call() {
            Map<String, Object> params = pin == null ? params("action", "withoutPIN")
                    : params("action", "withPIN", "pinCode", pin);
            return options.run(facade -> FacadeCalls.succeeded(facade.get("pims.authentication.otp", params)) ? 0 : 1);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Is the device activated, is the account blocked, which phone is trusted.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DeviceOptions options;

        @Override
        public Integer call() {
            return options.run(facade -> {
                facade.get("pims.authentication.account", params("actionType", "strong", "type", "isDeviceActivated"));
                facade.get("pims.authentication.account", params("actionType", "strong", "type", "isAccountBlocked"));
                facade.get("pims.authentication.trustedphonenumber", params());
                return 0;
            });
        }
    }
}
