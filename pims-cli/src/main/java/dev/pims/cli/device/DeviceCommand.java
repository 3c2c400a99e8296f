package dev.pims.cli.device;

import static dev.pims.cli.device.DeviceOptions.fine;
import static dev.pims.cli.device.DeviceOptions.params;

import dev.pims.cli.FacadeCalls;
import java.io.BufferedReader;
import java.io.IOException;
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
    private static final String SMSCODE = "pims.authentication.smscode";

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = {"Enroll this machine as the account's device, with a new PIN.",
                "With --sms-code: a code you already have (an activation code from an administrator, or an SMS).",
                "Without: an SMS code is sent to the account's trusted phone and asked for on standard input."})
    static final class Enroll implements Callable<Integer> {
        private static final String COMMAND = "pims device enroll";
        @Mixin
        DeviceOptions options;

        @Option(names = "--pin", interactive = true, arity = "0..1", required = true,
                prompt = "New PIN for this device (digits, as long as the integration's policy asks): ",
                description = "the new PIN (prompted when given without a value)")
        String pin;

        @Option(names = "--sms-code", description = "the enrollment code, when you already have one")
        String smsCode;

        @Override
        public Integer call() {
            if (pin == null || pin.isBlank()) {
                System.err.println(COMMAND + ": no PIN: give --pin VALUE, or --pin alone at a terminal to be asked");
                return 1;
            }
            return options.run(COMMAND, this::enroll);
        }

        private int enroll(FacadeCalls facade) {
            String code = smsCode;
            if (code == null) {
                Map<String, Object> phone = facade.get("pims.authentication.trustedphonenumber", params());
                if (!fine(COMMAND, "reading the trusted phone number", phone)) {
                    return 1;
                }
                if (!fine(COMMAND, "sending the enrollment SMS", facade.get(SMSCODE, params("type", "enrollment")))) {
                    return 1;
                }
                System.err.println("An enrollment code was sent by SMS to " + FacadeCalls.result(phone).get("phoneNumber")
                        + ". On a development server it is in the SMS outbox: GET " + options.url
                        + "/admin/v1/sms-outbox (admin token).");
                System.err.print("Enrollment code from the SMS: ");
                System.err.flush();
                code = readLine();
                if (code == null) {
                    System.err.println();
                    System.err.println(COMMAND + ": no code: standard input is closed; give the code with --sms-code");
                    return 1;
                }
                code = code.strip();
                if (code.isEmpty()) {
                    System.err.println(COMMAND + ": no code entered; run the command again, or give --sms-code");
                    return 1;
                }
            }
            Map<String, Object> check = facade.set(SMSCODE, params("action", "enrollment", "smsCode", code));
            if (!fine(COMMAND, "checking the code", check)) {
                return 1;
            }
            if (!fine(COMMAND, "activation", facade.set("pims.authentication.enrollment",
                    params("action", "enroll", "pinCode", pin, "smsCode", code)))) {
                return 1;
            }
            System.out.println("enrolled: this machine is a device of " + options.user + " (state in "
                    + options.storage.toAbsolutePath() + ")");
            return 0;
        }
    }

    private static String readLine() {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Command(name = "otp", mixinStandardHelpOptions = true,
            description = "Print a one-time password (alone on stdout; the facade's JSON message with --json).")
    static final class Otp implements Callable<Integer> {
        private static final String COMMAND = "pims device otp";
        @Mixin
        DeviceOptions options;

        @Option(names = "--with-pin", interactive = true, arity = "0..1", prompt = "PIN of this device: ",
                description = "prove the PIN (prompted when given without a value); without it the OTP is PIN-less")
        String pin;

        @Option(names = "--json", description = "print the facade's message ({transactionId, status, result: {otp}})")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> params = pin == null ? params("action", "withoutPIN")
                    : params("action", "withPIN", "pinCode", pin);
            return options.run(COMMAND, facade -> {
                Map<String, Object> message = facade.get("pims.authentication.otp", params);
                if (json) {
                    System.out.println(facade.toJson(message));
                }
                if (!fine(COMMAND, "OTP", message)) {
                    return 1;
                }
                if (!json) {
                    System.out.println(FacadeCalls.result(message).get("otp"));
                }
                return 0;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Is the device activated, is the account blocked, which phone is trusted.")
    static final class Status implements Callable<Integer> {
        private static final String COMMAND = "pims device status";
        private static final String ACCOUNT = "pims.authentication.account";
        @Mixin
        DeviceOptions options;

        @Override
        public Integer call() {
            return options.run(COMMAND, facade -> {
                Map<String, Object> activated = facade.get(ACCOUNT, params("actionType", "strong", "type",
                        "isDeviceActivated"));
                Map<String, Object> blocked = facade.get(ACCOUNT, params("actionType", "strong", "type",
                        "isAccountBlocked"));
                Map<String, Object> phone = facade.get("pims.authentication.trustedphonenumber", params());
                System.out.println("device activated: " + value(activated, "isDeviceActivated"));
                System.out.println("account: " + value(blocked, "isAccountBlocked"));
                System.out.println("trusted phone: " + value(phone, "phoneNumber"));
                return FacadeCalls.succeeded(activated) && FacadeCalls.succeeded(blocked) ? 0 : 1;
            });
        }

        private static String value(Map<String, Object> message, String key) {
            return FacadeCalls.succeeded(message) ? String.valueOf(FacadeCalls.result(message).get(key))
                    : "unknown (" + FacadeCalls.explain(message) + ")";
        }
    }
}
