package dev.pims.cli;

import dev.pims.cli.demo.DemoCommand;
import dev.pims.cli.device.DeviceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pims} command. Add a subcommand by listing its class in {@code subcommands}. */
@Command(name = "pims", mixinStandardHelpOptions = true, version = "pims 0.1.0",
        description = "PIMS strong authentication: server and tools.",
        subcommands = {ServerCommand.class, DemoCommand.class, DeviceCommand.class, BenchCommand.class, KeysCommand.class,
                CommandLine.HelpCommand.class})
public final class PimsCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PimsCommand()).execute(args));
    }
}
